using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Declarative.IO;

/// <summary>What a backup's manifest records besides its sections.</summary>
/// <param name="Epoch">The epoch training resumes at (0-based).</param>
/// <param name="Batch">The batches of that epoch already done (0 when the epoch starts afresh).</param>
/// <param name="Configuration">The callback configuration the run had, one attribute per line.</param>
public sealed record BackupManifest(int Epoch, int Batch, IReadOnlyList<string> Configuration);

/// <summary>
/// A backup file: named sections (model weights, optimizer state, each callback's state, ...) followed by a manifest
/// that records the position, the configuration, and each section's length and SHA-256, and the manifest's own SHA-256.
/// A torn or truncated file has no valid manifest, a damaged manifest fails its hash or its checks, and a damaged section
/// fails its hash: every byte that decides what is restored is checked on load.
/// </summary>
/// <remarks>
/// Layout: sections, back to back; the manifest (UTF-8 JSON); its SHA-256 (32 bytes); its offset (int64); the magic
/// <c>DCLBKUP2</c>. Backups of the first format (<c>DCLBKUP1</c>, no manifest hash) are still read.
/// </remarks>
public static class BackupFile
{
    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("DCLBKUP2");
    private static readonly byte[] FirstFormatMagic = Encoding.ASCII.GetBytes("DCLBKUP1");
    private const int HashLength = 32;

    /// <summary>Writes a backup atomically (see <see cref="AtomicFile"/>).</summary>
    public static void Write(string path, BackupManifest manifest, Action<BackupWriter> writeSections, Action? beforeReplace = null) =>
        AtomicFile.Write(path, stream =>
        {
            var writer = new BackupWriter(stream);
            writeSections(writer);
            var document = new ManifestDocument(1, manifest.Epoch, manifest.Batch, manifest.Configuration.ToArray(), writer.Sections.ToArray());
            var offset = stream.Position;
            var json = JsonSerializer.SerializeToUtf8Bytes(document);
            stream.Write(json);
            stream.Write(SHA256.HashData(json));
            stream.Write(BitConverter.GetBytes(offset));
            stream.Write(Magic);
        }, beforeReplace);

    /// <summary>Reads and verifies a backup: its manifest, and every section's length and hash.</summary>
    /// <exception cref="InvalidDataException">The file is torn, truncated or damaged; the message says how.</exception>
    public static (BackupManifest Manifest, BackupReader Reader) Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var hashed = bytes.Length >= Magic.Length && bytes.AsSpan(bytes.Length - Magic.Length).SequenceEqual(Magic);
        var firstFormat = !hashed && bytes.Length >= FirstFormatMagic.Length && bytes.AsSpan(bytes.Length - FirstFormatMagic.Length).SequenceEqual(FirstFormatMagic);
        var footer = Magic.Length + sizeof(long) + (hashed ? HashLength : 0);
        if (bytes.Length < footer || !(hashed || firstFormat))
            throw new InvalidDataException($"{path} is incomplete: it does not end with a backup manifest (was the write interrupted?).");

        var offset = BitConverter.ToInt64(bytes, bytes.Length - Magic.Length - sizeof(long));
        if (offset < 0 || offset > bytes.Length - footer) throw new InvalidDataException($"{path} is damaged: its manifest offset is out of range.");
        var json = bytes.AsSpan((int)offset, bytes.Length - footer - (int)offset);
        if (hashed && !SHA256.HashData(json).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - footer, HashLength)))
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

        if (document is null || document.Format != 1) throw new InvalidDataException($"{path} has an unknown backup format.");
        if (Incomplete(document) is { } missing) throw new InvalidDataException($"{path} is damaged: its manifest {missing}.");
        foreach (var section in document.Sections)
        {
            if (section.Offset < 0 || section.Length < 0 || section.Offset + section.Length > offset)
                throw new InvalidDataException($"{path} is damaged: section '{section.Name}' lies outside the file.");
            var hash = Convert.ToHexString(SHA256.HashData(bytes.AsSpan((int)section.Offset, (int)section.Length)));
            if (hash != section.Sha256) throw new InvalidDataException($"{path} is damaged: section '{section.Name}' does not match its checksum.");
        }

        return (new BackupManifest(document.Epoch, document.Batch, document.Configuration), new BackupReader(bytes, document.Sections));
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

    internal sealed record SectionEntry(string Name, long Offset, long Length, string Sha256);

    private sealed record ManifestDocument(int Format, int Epoch, int Batch, string[] Configuration, SectionEntry[] Sections);
}

/// <summary>Writes a backup's sections; each callback writes its own state into a section named after it.</summary>
public sealed class BackupWriter
{
    private readonly Stream _stream;

    internal BackupWriter(Stream stream) => _stream = stream;

    internal List<BackupFile.SectionEntry> Sections { get; } = [];

    /// <summary>Writes a section.</summary>
    public void Write(string section, Action<BinaryWriter> write)
    {
        if (Sections.Any(s => s.Name == section)) throw new ArgumentException($"The backup already has a section '{section}'.", nameof(section));
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true)) write(writer);
        var offset = _stream.Position;
        buffer.Position = 0;
        buffer.CopyTo(_stream);
        Sections.Add(new BackupFile.SectionEntry(section, offset, buffer.Length, Convert.ToHexString(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)))));
    }

    /// <summary>Writes a section holding one number.</summary>
    public void Write(string section, long value) => Write(section, writer => writer.Write(value));
}

/// <summary>Reads a backup's sections, checking that each is read to its end (so a format mismatch cannot go unnoticed).</summary>
public sealed class BackupReader
{
    private readonly byte[] _bytes;
    private readonly IReadOnlyList<BackupFile.SectionEntry> _sections;

    internal BackupReader(byte[] bytes, IReadOnlyList<BackupFile.SectionEntry> sections)
    {
        _bytes = bytes;
        _sections = sections;
    }

    /// <summary>The names of the sections, in file order.</summary>
    public IEnumerable<string> SectionNames => _sections.Select(s => s.Name);

    /// <summary>Reads a section.</summary>
    /// <exception cref="InvalidDataException">The section is missing, or was not read to its end.</exception>
    public void Read(string section, Action<BinaryReader> read)
    {
        var entry = _sections.FirstOrDefault(s => s.Name == section) ?? throw new InvalidDataException($"The backup has no '{section}' section.");
        using var stream = new MemoryStream(_bytes, (int)entry.Offset, (int)entry.Length, writable: false);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        read(reader);
        if (stream.Position != stream.Length)
            throw new InvalidDataException($"The backup's '{section}' section holds {stream.Length - stream.Position} bytes more than was read: it was written by another version.");
    }

    /// <summary>Whether the backup has the section (a loop's own sections exist only where that loop wrote them).</summary>
    public bool Has(string section) => _sections.Any(s => s.Name == section);

    /// <summary>Reads a section holding one number.</summary>
    public long ReadInt64(string section)
    {
        long value = 0;
        Read(section, reader => value = reader.ReadInt64());
        return value;
    }
}
