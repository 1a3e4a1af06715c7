using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using Declarative.Callbacks;

namespace Declarative.IO;

/// <summary>The latest-state file of a <c>ModelCheckpoint</c> (its <c>LastFilePath</c>) and why it was written.</summary>
/// <param name="Path">The file, as the run names it.</param>
/// <param name="Epoch">The 0-based epoch of the state it holds.</param>
/// <param name="Batch">The 0-based batch it was saved after, within an epoch; null at an epoch end.</param>
/// <param name="Step">The run's optimizer steps when it was saved.</param>
/// <param name="Reason"><c>"epoch end"</c>, <c>"save"</c>, <c>"cancelled"</c> or <c>"failed"</c>.</param>
public sealed record LastCheckpoint(string Path, int Epoch, int? Batch, long Step, string Reason);

/// <summary>
/// <c>checkpoints.json</c>, beside a <c>ModelCheckpoint</c>'s files: the files it keeps, best first, with their epoch,
/// step, monitored value and rank, and its latest-state file. The run writes it atomically, after the files it names are
/// complete, so it never names a partial file; a resumed run reads its ranking from it.
/// </summary>
/// <remarks>
/// Paths are relative to the manifest's folder; epochs and batches are 0-based, as in the API (file names write them
/// 1-based, as in Keras).
/// </remarks>
public static class CheckpointManifest
{
    /// <summary>The manifest's file name.</summary>
    public const string FileName = "checkpoints.json";

    private const int Format = 1;

    /// <summary>The manifest's content.</summary>
    /// <param name="manifestPath">Where it is written (paths are written relative to its folder).</param>
    /// <param name="monitor">The monitored value's name, or null without a ranking.</param>
    /// <param name="ranking">The files kept, or null without a ranking.</param>
    /// <param name="last">The latest-state file, or null.</param>
    /// <param name="leaving">A file that left the ranking and is deleted right after this manifest is written (a resumed run deletes it if a crash came first).</param>
    internal static byte[] Serialize(string manifestPath, string? monitor, CheckpointRanking? ranking, LastCheckpoint? last, string? leaving = null)
    {
        var folder = FolderOf(manifestPath);
        var root = new JsonObject { ["format"] = Format };
        if (ranking is not null)
        {
            root["monitor"] = monitor;
            root["mode"] = ranking.Direction == MetricDirection.Minimize ? "min" : "max";
            root["top_k"] = ranking.K;
            root["checkpoints"] = new JsonArray(ranking.Kept.Select((entry, index) => (JsonNode)new JsonObject
            {
                ["rank"] = index + 1,
                ["file"] = Relative(folder, entry.Path),
                ["epoch"] = entry.Epoch,
                ["batch"] = entry.Batch,
                ["step"] = entry.Step,
                ["value"] = entry.Value,
            }).ToArray());
        }

        if (leaving is not null) root["leaving"] = Relative(folder, leaving);
        if (last is not null)
        {
            root["last"] = new JsonObject
            {
                ["file"] = Relative(folder, last.Path),
                ["epoch"] = last.Epoch,
                ["batch"] = last.Batch,
                ["step"] = last.Step,
                ["reason"] = last.Reason,
            };
        }

        return JsonSerializer.SerializeToUtf8Bytes(root, new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>Reads the files a manifest ranks, best first, as paths the run names them by; null when there is no readable manifest.</summary>
    public static IReadOnlyList<RankedCheckpoint>? ReadRanking(string manifestPath)
    {
        if (!File.Exists(manifestPath)) return null;
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllBytes(manifestPath));
        }
        catch (JsonException)
        {
            return null;
        }

        if (root is not JsonObject manifest || Number<int>(manifest, "format") != Format || manifest["checkpoints"] is not JsonArray entries) return null;
        var folder = FolderOf(manifestPath);
        var ranking = entries.OfType<JsonObject>().Select(entry => Entry(folder, entry)).ToList();
        return ranking.Count == entries.Count && ranking.All(entry => entry is not null) ? ranking.Select(entry => entry!).ToList() : null;
    }

    /// <summary>The file a manifest says was about to be deleted, or null.</summary>
    internal static string? ReadLeaving(string manifestPath)
    {
        try
        {
            return File.Exists(manifestPath) && JsonNode.Parse(File.ReadAllBytes(manifestPath)) is JsonObject manifest && manifest["leaving"] is JsonValue leaving && leaving.TryGetValue<string>(out var name)
                ? Path.Combine(FolderOf(manifestPath), name)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // One entry, or null when a field is missing or of another type.
    private static RankedCheckpoint? Entry(string folder, JsonObject entry) =>
        entry["file"] is JsonValue file && file.TryGetValue<string>(out var name) && Number<int>(entry, "epoch") is int epoch && Number<long>(entry, "step") is long step && Number<double>(entry, "value") is double value
            ? new RankedCheckpoint(Path.Combine(folder, name), epoch, Number<int>(entry, "batch"), step, value)
            : null;

    private static T? Number<T>(JsonObject node, string name) where T : struct =>
        node[name] is JsonValue value && value.TryGetValue<T>(out var number) ? number : null;

    private static string FolderOf(string path) => Path.GetDirectoryName(path) is { Length: > 0 } folder ? folder : ".";

    private static string Relative(string folder, string path) => Path.GetRelativePath(folder, path).Replace('\\', '/');
}
