using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace Declarative.State;

/// <summary>
/// Copies of a state dictionary's tensors on the CPU, reused from one snapshot to the next: a copy into tensors already
/// allocated (and touched) is one memory copy, where fresh ones would also cost the operating system's zeroing of new
/// pages. A set is taken when a snapshot is captured and given back once it is serialized; a run with its saves in the
/// background holds about one set beyond the model's own tensors.
/// </summary>
internal sealed class TensorCopyPool : IDisposable
{
    private readonly object _gate = new();
    private readonly Stack<Dictionary<string, Tensor>> _free = new();
    private bool _disposed;

    /// <summary>Copies <paramref name="tensors"/> (detached) into a free set of the same names, shapes and dtypes, or a new one.</summary>
    public Dictionary<string, Tensor> Copy(IReadOnlyDictionary<string, Tensor> tensors)
    {
        Dictionary<string, Tensor>? copies;
        lock (_gate) _free.TryPop(out copies);
        if (copies is not null && !Fits(copies, tensors))
        {
            Free(copies);
            copies = null;
        }

        copies ??= tensors.ToDictionary(t => t.Key, t => empty(t.Value.shape, t.Value.dtype, CPU).DetachFromDisposeScope(), StringComparer.Ordinal);
        using (no_grad())
        {
            foreach (var (name, tensor) in tensors) copies[name].copy_(tensor);
        }

        return copies;
    }

    /// <summary>Gives a set back for the next snapshot (or frees it, once the pool is disposed).</summary>
    public void Return(Dictionary<string, Tensor> copies)
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                _free.Push(copies);
                return;
            }
        }

        Free(copies);
    }

    /// <summary>Frees the free sets; a set given back later is freed then.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            while (_free.TryPop(out var copies)) Free(copies);
        }
    }

    private static bool Fits(Dictionary<string, Tensor> copies, IReadOnlyDictionary<string, Tensor> tensors) =>
        copies.Count == tensors.Count && tensors.All(t => copies.TryGetValue(t.Key, out var copy) && copy.dtype == t.Value.dtype && copy.shape.SequenceEqual(t.Value.shape));

    private static void Free(Dictionary<string, Tensor> copies)
    {
        foreach (var copy in copies.Values) copy.Dispose();
    }
}
