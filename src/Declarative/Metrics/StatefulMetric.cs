using System;
using System.Collections.Generic;
using System.IO;
using TorchSharp;
using static TorchSharp.torch;

namespace Declarative.Metrics;

/// <summary>
/// The base of a metric of one's own whose value is not a mean of per-sample values (a mean IoU, a confusion matrix,
/// a rank statistic): it declares its state as tensors on the device (<see cref="AddState"/>), adds each batch to them
/// in <see cref="Update"/> with device work only, and computes the epoch's value from them in <see cref="Compute"/>,
/// which the loop calls once per epoch (and when a callback asks for running values). Attach it with
/// <c>[CustomMetric(typeof(...))]</c>; generated code calls <see cref="Add"/> with each batch. Its state is zeroed at each epoch (override <see cref="Reset"/> for other
/// starting values) and saved in backups, so a run resumed in the middle of an epoch computes the same value.
/// </summary>
/// <example><code>
/// public sealed class MeanIou : StatefulMetric
/// {
///     private readonly Tensor _intersection, _union;
///     public MeanIou(Device device) : base(device)
///     {
///         _intersection = AddState("intersection", [3]);
///         _union = AddState("union", [3]);
///     }
///     public override void Update(Tensor output, Tensor target) { ... _intersection.add_(...); ... }
///     protected override double Compute() => (_intersection / _union).mean().item&lt;double&gt;();
/// }
/// </code></example>
public abstract class StatefulMetric : MetricAccumulator
{
    private readonly List<(string Name, Tensor State)> _states = [];
    private long _batches;

    /// <summary>Creates the metric, its state on <paramref name="device"/>.</summary>
    protected StatefulMetric(Device device) => Device = device ?? throw new ArgumentNullException(nameof(device));

    /// <summary>Where its state lives: the device the run trains on.</summary>
    public Device Device { get; }

    /// <summary>How many batches were added since the last reset.</summary>
    public override long Count => _batches;

    /// <summary>
    /// Declares one tensor of state, of zeros, on the metric's device: call it from the constructor. The metric owns it
    /// (it is disposed with the metric); update it in place (<c>add_</c>, <c>copy_</c>) so that it stays the same tensor.
    /// </summary>
    /// <param name="name">Its name, unique within the metric, which backups record.</param>
    /// <param name="shape">Its shape.</param>
    /// <param name="type">Its element type; default Float64, which keeps a long epoch's sums exact enough.</param>
    /// <exception cref="ArgumentException">The name is empty or already declared.</exception>
    protected Tensor AddState(string name, long[] shape, ScalarType type = ScalarType.Float64)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(shape);
        if (_states.Exists(s => s.Name == name)) throw new ArgumentException($"The state '{name}' is already declared by {GetType().Name}; give each state its own name.", nameof(name));
        var state = zeros(shape, type, Device).DetachFromDisposeScope();
        _states.Add((name, state));
        return state;
    }

    /// <summary>Adds a batch to the state (under <c>no_grad</c>, inside the batch's dispose scope): device work only, never a read to the host.</summary>
    /// <param name="output">The model's output for the batch.</param>
    /// <param name="target">The batch's target.</param>
    public abstract void Update(Tensor output, Tensor target);

    /// <summary>Adds a batch: <see cref="Update"/>, counted. Generated code calls this on each batch.</summary>
    public void Add(Tensor output, Tensor target)
    {
        Update(output, target);
        _batches++;
    }

    /// <summary>The epoch's value from the state (reading it to the host).</summary>
    protected abstract double Compute();

    /// <inheritdoc/>
    public override double Read()
    {
        using var scope = NewDisposeScope();
        return Compute();
    }

    /// <summary>Zeroes every state tensor for a new epoch or pass; override to start from other values (call the base first).</summary>
    public override void Reset()
    {
        using var zero = (Scalar)0;
        foreach (var (_, state) in _states) state.fill_(zero);
        _batches = 0;
    }

    /// <inheritdoc/>
    public override void SaveState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(_batches);
        writer.Write(_states.Count);
        foreach (var (name, state) in _states)
        {
            using var host = state.cpu();
            var bytes = host.bytes;
            writer.Write(name);
            writer.Write(bytes.Length);
            writer.Write(bytes);
        }
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidDataException">The saved state is not this metric's (other names or sizes).</exception>
    public override void LoadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        _batches = reader.ReadInt64();
        var count = reader.ReadInt32();
        if (count != _states.Count) throw new InvalidDataException($"The backup holds {count} state tensor(s) for {GetType().Name}, which declares {_states.Count}.");
        foreach (var (name, state) in _states)
        {
            var saved = reader.ReadString();
            var bytes = reader.ReadBytes(reader.ReadInt32());
            if (saved != name || bytes.Length != state.numel() * state.element_size())
                throw new InvalidDataException($"The backup's state '{saved}' ({bytes.Length} bytes) of {GetType().Name} does not match its state '{name}' ({state.numel() * state.element_size()} bytes).");
            using var host = zeros(state.shape, state.dtype);
            host.bytes = bytes;
            state.copy_(host);
        }
    }

    /// <summary>Frees the state.</summary>
    public override void Dispose()
    {
        foreach (var (_, state) in _states) state.Dispose();
        _states.Clear();
        GC.SuppressFinalize(this);
    }
}
