using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Declarative.State;

namespace Declarative.IO;

/// <summary>What a backup's manifest records besides its sections.</summary>
/// <param name="Epoch">The epoch training resumes at (0-based).</param>
/// <param name="Batch">The batches of that epoch already done (0 when the epoch starts afresh).</param>
/// <param name="Configuration">The callback configuration the run had, one attribute per line.</param>
public sealed record BackupManifest(int Epoch, int Batch, IReadOnlyList<string> Configuration);

/// <summary>
/// The backup file format: a <see cref="RunSnapshot"/>'s named sections (model weights, optimizer state, each callback's
/// state, ...) followed by a manifest that records the position, the configuration, and each section's length and
/// SHA-256, and the manifest's own SHA-256. A torn or truncated file has no valid manifest, a damaged manifest fails its
/// hash or its checks, and a damaged section fails its hash: every byte that decides what is restored is checked on load.
/// </summary>
/// <remarks>
/// Layout: sections, back to back; the manifest (UTF-8 JSON, format 2); its SHA-256 (32 bytes); its offset (int64);
/// the magic <c>DCLBKUP2</c>. A backup whose manifest is of format 1 was written by an earlier version of Declarative,
/// whose sections this version does not read.
/// </remarks>
public static class BackupFile
{
    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("DCLBKUP2");
    private const int HashLength = 32;
    private const int Format = 2;

    /// <summary>Writes a snapshot in this format to a stream (the file writer makes the write atomic).</summary>
    public static void Write(Stream stream, RunSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(snapshot);
        var start = stream.Position;
        var sections = new List<SectionEntry>();
        foreach (var name in snapshot.SectionNames)
        {
            var bytes = snapshot.Bytes(name).Span;
            sections.Add(new SectionEntry(name, stream.Position - start, bytes.Length, Convert.ToHexString(SHA256.HashData(bytes))));
            stream.Write(bytes);
        }

        var manifest = snapshot.Manifest;
        var document = new ManifestDocument(Format, manifest.Epoch, manifest.Batch, manifest.Configuration.ToArray(), sections.ToArray());
        var offset = stream.Position - start;
        var json = JsonSerializer.SerializeToUtf8Bytes(document);
        stream.Write(json);
        stream.Write(SHA256.HashData(json));
        stream.Write(BitConverter.GetBytes(offset));
        stream.Write(Magic);
    }

    /// <summary>Reads and verifies a backup: its manifest, and every section's length and hash.</summary>
    /// <exception cref="InvalidDataException">The file is torn, truncated, damaged, or of an earlier version; the message says how.</exception>
    public static RunSnapshot Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var footer = Magic.Length + sizeof(long) + HashLength;
        if (bytes.Length < footer || !bytes.AsSpan(bytes.Length - Magic.Length).SequenceEqual(Magic))
            throw new InvalidDataException($"{path} is incomplete: it does not end with a backup manifest (was the write interrupted?).");

        var offset = BitConverter.ToInt64(bytes, bytes.Length - Magic.Length - sizeof(long));
        if (offset < 0 || offset > bytes.Length - footer) throw new InvalidDataException($"{path} is damaged: its manifest offset is out of range.");
        var json = bytes.AsSpan((int)offset, bytes.Length - footer - (int)offset);
        if (!SHA256.HashData(json).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - footer, HashLength)))
            throw new InvalidDataException($"{path} is damaged: its manifest does not match its checksum.");

        ManifestDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<ManifestDocument>(json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is damaged: its manifest cannot be read ({e.Message}).", e);
        }

        if (document is { Format: 1 }) throw new InvalidDataException($"{path} was written by an earlier version of Declarative, whose backups this version cannot resume.");
        if (document is null || document.Format != Format) throw new InvalidDataException($"{path} has an unknown backup format.");
        if (Incomplete(document) is { } missing) throw new InvalidDataException($"{path} is damaged: its manifest {missing}.");
        var sections = new List<(string, byte[])>();
        foreach (var section in document.Sections)
        {
            if (section.Offset < 0 || section.Length < 0 || section.Offset + section.Length > offset)
                throw new InvalidDataException($"{path} is damaged: section '{section.Name}' lies outside the file.");
            var content = bytes.AsSpan((int)section.Offset, (int)section.Length);
            if (Convert.ToHexString(SHA256.HashData(content)) != section.Sha256) throw new InvalidDataException($"{path} is damaged: section '{section.Name}' does not match its checksum.");
            sections.Add((section.Name, content.ToArray()));
        }

        return new RunSnapshot(new BackupManifest(document.Epoch, document.Batch, document.Configuration), sections);
    }

    // What a well-formed manifest may still lack (a key renamed or removed reads as null or 0), or null when it is whole.
    private static string? Incomplete(ManifestDocument document)
    {
        if (document.Configuration is null || document.Configuration.Any(line => line is null)) return "has no configuration";
        if (document.Sections is null || document.Sections.Any(s => s is null || s.Name is null || s.Sha256 is null)) return "lists its sections incompletely";
        if (document.Epoch < 0 || document.Batch < 0) return $"records an impossible position (epoch {document.Epoch}, batch {document.Batch})";
        var repeated = document.Sections.GroupBy(s => s.Name).FirstOrDefault(g => g.Count() > 1);
        return repeated is null ? null : $"lists section '{repeated.Key}' twice";
    }

    private sealed record SectionEntry(string Name, long Offset, long Length, string Sha256);

    private sealed record ManifestDocument(int Format, int Epoch, int Batch, string[] Configuration, SectionEntry[] Sections);
}
