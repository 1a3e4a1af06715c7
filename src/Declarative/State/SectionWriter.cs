using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using static TorchSharp.torch;

namespace Declarative.State;

/// <summary>Writes the named sections of a <see cref="RunSnapshot"/>: each participant of a run writes its own.</summary>
public sealed class SectionWriter
{
    private readonly ConcurrentDictionary<string, int>? _sizes;

    internal SectionWriter(ConcurrentDictionary<string, int>? sizes = null) => _sizes = sizes;

    internal List<SnapshotSection> Sections { get; } = [];

    /// <summary>Writes a section.</summary>
    /// <exception cref="ArgumentException">The snapshot already has a section of that name.</exception>
    public void Write(string section, Action<BinaryWriter> write)
    {
        RequireNew(section);
        Sections.Add(new SnapshotSection(section, SnapshotSection.Serialize(section, write, _sizes)));
    }

    /// <summary>Writes a section holding one number.</summary>
    public void Write(string section, long value) => Write(section, writer => writer.Write(value));

    /// <summary>
    /// Writes a section of named tensors as <c>Module.save</c> writes a state dictionary: each tensor is copied now (one
    /// memory copy, into tensors of <paramref name="pool"/>'s), and serialized when the section is first read: on the
    /// background writer's thread, for a file written in the background, so the training thread pays only for the copy.
    /// </summary>
    internal void WriteTensors(string section, IReadOnlyDictionary<string, Tensor> tensors, TensorCopyPool pool)
    {
        RequireNew(section);
        Sections.Add(SnapshotSection.OfTensorCopies(section, tensors, pool, _sizes));
    }

    private void RequireNew(string section)
    {
        if (Sections.Any(s => s.Name == section)) throw new ArgumentException($"The backup already has a section '{section}'.", nameof(section));
    }
}
