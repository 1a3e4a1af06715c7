using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using static TorchSharp.torch;

namespace Declarative.State;

/// <summary>
/// One named section of a <see cref="RunSnapshot"/>: its bytes, or copies of tensors that become its bytes the first
/// time they are read (once, on whichever thread reads first; the copies then go back to their pool).
/// </summary>
internal sealed class SnapshotSection
{
    private readonly object _gate = new();
    private byte[]? _bytes;
    private Func<byte[]>? _serialize;

    public SnapshotSection(string name, byte[] bytes) => (Name, _bytes) = (name, bytes);

    private SnapshotSection(string name, Func<byte[]> serialize) => (Name, _serialize) = (name, serialize);

    public string Name { get; }

    public byte[] Bytes
    {
        get
        {
            lock (_gate)
            {
                if (_bytes is null)
                {
                    _bytes = _serialize!();
                    _serialize = null;
                }

                return _bytes;
            }
        }
    }

    /// <summary>
    /// Copies <paramref name="tensors"/> now (into a set of <paramref name="pool"/>'s) and serializes the copies as
    /// <c>Module.save</c> serializes a state dictionary when the bytes are first read, then gives the set back.
    /// </summary>
    public static SnapshotSection OfTensorCopies(string name, IReadOnlyDictionary<string, Tensor> tensors, TensorCopyPool pool, ConcurrentDictionary<string, int>? sizes)
    {
        var copies = pool.Copy(tensors);
        return new SnapshotSection(name, () =>
        {
            try
            {
                return Serialize(name, writer => nn.Module.save_state_dict(writer, copies), sizes);
            }
            finally
            {
                pool.Return(copies);
            }
        });
    }

    /// <summary>
    /// What <paramref name="write"/> writes, in a buffer of the size this section had last time (<paramref name="sizes"/>,
    /// then updated): a section as large as before is written once, with no growing by doubling and no final copy.
    /// </summary>
    public static byte[] Serialize(string name, Action<BinaryWriter> write, ConcurrentDictionary<string, int>? sizes)
    {
        using var buffer = new MemoryStream(sizes?.GetValueOrDefault(name) ?? 0);
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true)) write(writer);
        if (sizes is not null) sizes[name] = (int)buffer.Length;
        return buffer.Length == buffer.Capacity ? buffer.GetBuffer() : buffer.ToArray();
    }
}
