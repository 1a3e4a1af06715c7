using System;
using System.Collections.Generic;
using System.IO;
using TorchSharp;
using static TorchSharp.torch;

namespace Declarative.Callbacks;

/// <summary>
/// A copy of a module's parameters and persistent buffers in host memory, to restore later (the best epoch's
/// weights). The copies are allocated at the first capture and reused by later ones.
/// </summary>
public sealed class WeightsSnapshot : IDisposable
{
    private (Tensor Live, Tensor Copy)[]? _pairs;
    private nn.Module? _module;

    /// <summary>Whether a capture has been taken since the last <see cref="Clear"/>.</summary>
    public bool HasValue { get; private set; }

    /// <summary>Copies the module's current state.</summary>
    public void Capture(nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        if (!ReferenceEquals(module, _module) || _pairs is null) Allocate(module);
        using var noGrad = no_grad();
        foreach (var (live, copy) in _pairs!) copy.copy_(live);
        HasValue = true;
    }

    /// <summary>Copies the captured state back into the module it was taken from.</summary>
    /// <exception cref="InvalidOperationException">Nothing was captured, or it was captured from another module.</exception>
    public void Restore(nn.Module module)
    {
        if (!HasValue || !ReferenceEquals(module, _module))
            throw new InvalidOperationException("There are no captured weights of this module to restore.");
        using var noGrad = no_grad();
        foreach (var (live, copy) in _pairs!) live.copy_(copy);
    }

    /// <summary>Writes the captured weights, for a backup.</summary>
    public void SaveState(BinaryWriter writer)
    {
        writer.Write(HasValue);
        if (!HasValue) return;
        writer.Write(_pairs!.Length);
        foreach (var (_, copy) in _pairs) TensorExtensionMethods.Save(copy, writer);
    }

    /// <summary>Reads back what <see cref="SaveState"/> wrote, as weights of <paramref name="module"/>.</summary>
    /// <exception cref="InvalidDataException">The saved weights do not fit the module.</exception>
    public void LoadState(BinaryReader reader, nn.Module module)
    {
        HasValue = false;
        if (!reader.ReadBoolean()) return;
        if (!ReferenceEquals(module, _module) || _pairs is null) Allocate(module);
        var count = reader.ReadInt32();
        if (count != _pairs!.Length) throw new InvalidDataException($"The backup holds {count} captured tensors, but the model has {_pairs.Length}.");
        foreach (var (_, copy) in _pairs) TensorExtensionMethods.Load(copy, reader);
        HasValue = true;
    }

    /// <summary>Forgets the capture (keeping the buffers for reuse).</summary>
    public void Clear() => HasValue = false;

    /// <summary>Frees the copies.</summary>
    public void Dispose()
    {
        if (_pairs is not null)
        {
            foreach (var (_, copy) in _pairs) copy.Dispose();
        }

        _pairs = null;
        _module = null;
        HasValue = false;
    }

    private void Allocate(nn.Module module)
    {
        Dispose();
        var pairs = new List<(Tensor, Tensor)>();
        foreach (var (_, live) in module.state_dict())
        {
            var copy = empty_like(live, device: CPU).DetachFromDisposeScope();
            pairs.Add((live, copy));
        }

        _pairs = pairs.ToArray();
        _module = module;
    }
}
