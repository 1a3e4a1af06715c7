using System;
using System.IO;
using System.Linq;

namespace Declarative.IO;

/// <summary>
/// Writes files so that a crash never leaves a half-written one behind: the content goes to a temporary file in the
/// target's folder, is flushed to disk, and is then renamed over the target (an atomic replace on the same file system).
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> atomically, creating its folder when missing.</summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="write">Writes the content to the stream it is given.</param>
    /// <param name="beforeReplace">Runs once the new content is complete on disk, just before it replaces the target
    /// (to keep the old target as a previous generation, for example).</param>
    /// <exception cref="IOException">The folder cannot be created or written, or <paramref name="path"/> is a folder.</exception>
    public static void Write(string path, Action<Stream> write, Action? beforeReplace = null)
    {
        ArgumentNullException.ThrowIfNull(write);
        var fullPath = Path.GetFullPath(path);
        if (Directory.Exists(fullPath))
            throw new IOException($"Cannot write '{path}': it is an existing folder. Give a file path (e.g. add a file name with an extension such as .bin).");

        var folder = Path.GetDirectoryName(fullPath)!;
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $".{TemporaryPrefix(Path.GetFileName(fullPath))}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            beforeReplace?.Invoke();
            File.Move(temporary, fullPath, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>Deletes the temporary files that interrupted writes of <paramref name="path"/> left behind.</summary>
    public static void DeleteLeftovers(string path)
    {
        var fullPath = Path.GetFullPath(path);
        DeleteLeftovers(Path.GetDirectoryName(fullPath)!, $".{TemporaryPrefix(Path.GetFileName(fullPath))}.*.tmp");
    }

    // File systems allow names of 255 bytes; a temporary name adds 38 ASCII characters (".", ".", 32 hex digits, ".tmp")
    // to the file's name, so the name is cut to the 217 bytes (in UTF-8) that leave room for them.
    private const int NameBytes = 255 - 38;

    private static string TemporaryPrefix(string fileName)
    {
        if (System.Text.Encoding.UTF8.GetByteCount(fileName) <= NameBytes) return fileName;
        var length = 0;
        var bytes = 0;
        while (length < fileName.Length)
        {
            var next = char.IsSurrogatePair(fileName, length) ? 2 : 1;
            var size = System.Text.Encoding.UTF8.GetByteCount(fileName.AsSpan(length, next));
            if (bytes + size > NameBytes) break;
            bytes += size;
            length += next;
        }

        return fileName.Substring(0, length);
    }

    /// <summary>Deletes the temporary files that interrupted writes of any file in <paramref name="folder"/> left behind.</summary>
    public static void DeleteLeftoversIn(string folder) => DeleteLeftovers(Path.GetFullPath(folder), ".*.tmp");

    private static void DeleteLeftovers(string folder, string pattern)
    {
        if (!Directory.Exists(folder)) return;
        foreach (var file in Directory.EnumerateFiles(folder, pattern))
        {
            // Only names this class makes: ".<file name>.<32 hex digits>.tmp".
            var name = Path.GetFileName(file);
            var guid = name.Length > 38 ? name.Substring(name.Length - 36, 32) : string.Empty;
            if (guid.Length == 32 && guid.All(Uri.IsHexDigit)) TryDelete(file);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // The original error matters more than a leftover temporary file.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
