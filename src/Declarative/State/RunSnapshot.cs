using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Declarative.IO;

namespace Declarative.State;

/// <summary>
/// A run's state at one point, as named sections of bytes held in memory (see <see cref="RunState"/>): what a backup file
/// holds, and what a checkpoint writes part of. Once captured, later batches cannot change it, so it can be written
/// on another thread, in any format that keeps named sections.
/// </summary>
public sealed class RunSnapshot
{
    private readonly IReadOnlyList<SnapshotSection> _sections;

    internal RunSnapshot(BackupManifest manifest, IReadOnlyList<(string Name, byte[] Bytes)> sections)
        : this(manifest, sections.Select(s => new SnapshotSection(s.Name, s.Bytes)).ToArray())
    {
    }

    private RunSnapshot(BackupManifest manifest, IReadOnlyList<SnapshotSection> sections)
    {
        Manifest = manifest;
        _sections = sections;
    }

    /// <summary>The position the snapshot was taken at, and the run's configuration then.</summary>
    public BackupManifest Manifest { get; }

    /// <summary>The names of the sections, in the order they were written.</summary>
    public IEnumerable<string> SectionNames => _sections.Select(s => s.Name);

    /// <summary>Takes a snapshot whose sections <paramref name="write"/> writes.</summary>
    public static RunSnapshot Create(BackupManifest manifest, Action<SectionWriter> write) => Create(manifest, write, sizes: null);

    /// <summary>
    /// Takes a snapshot whose sections <paramref name="write"/> writes, each into a buffer of the size
    /// <paramref name="sizes"/> remembers for its name from the previous snapshot (then updated): a section of the same
    /// size as before is written once, with no buffer growing by doubling and no final copy.
    /// </summary>
    internal static RunSnapshot Create(BackupManifest manifest, Action<SectionWriter> write, ConcurrentDictionary<string, int>? sizes)
    {
        ArgumentNullException.ThrowIfNull(write);
        var writer = new SectionWriter(sizes);
        write(writer);
        return new RunSnapshot(manifest, writer.Sections);
    }

    /// <summary>Whether the snapshot has the section.</summary>
    public bool Has(string section) => _sections.Any(s => s.Name == section);

    /// <summary>A section's bytes.</summary>
    /// <exception cref="InvalidDataException">The section is missing.</exception>
    /// <remarks>A section of tensors copied when the snapshot was taken is serialized here, the first time it is read (on
    /// the thread that reads it: the background writer's, for a backup written in the background).</remarks>
    public ReadOnlyMemory<byte> Bytes(string section) => Find(section);

    /// <summary>Reads a section, checking that it is read to its end (so a format mismatch cannot go unnoticed).</summary>
    /// <exception cref="InvalidDataException">The section is missing, or was not read to its end.</exception>
    public void Read(string section, Action<BinaryReader> read)
    {
        var bytes = Find(section);
        using var stream = new MemoryStream(bytes, writable: false);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        read(reader);
        if (stream.Position != stream.Length)
            throw new InvalidDataException($"The backup's '{section}' section holds {stream.Length - stream.Position} bytes more than was read: it was written by another version.");
    }

    /// <summary>Reads a section holding one number.</summary>
    public long ReadInt64(string section)
    {
        long value = 0;
        Read(section, reader => value = reader.ReadInt64());
        return value;
    }

    private byte[] Find(string section) =>
        _sections.FirstOrDefault(s => s.Name == section)?.Bytes ?? throw new InvalidDataException($"The backup has no '{section}' section.");
}
