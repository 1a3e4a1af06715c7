using System;
using System.IO;
using TorchSharp;
using static TorchSharp.torch;

namespace Declarative.Metrics;

/// <summary>
/// The mean of everything added since the last reset, accumulated on the device (Keras's <c>Mean</c> metric):
/// adding never synchronises with the host; only <see cref="Read"/> does.
/// </summary>
public sealed class RunningMean : MetricAccumulator
{
    // Cached so that accumulating allocates nothing: TorchSharp's add_(Tensor) creates a Scalar for alpha on every
    // call, and its zero_() returns a new tensor handle that nobody would dispose; fill_ returns the tensor itself.
    private static readonly Scalar Zero = 0.0;
    private static readonly Scalar One = 1.0;

    private readonly Tensor _sum;
    private double _hostSum;
    private long _count;
    private Scalar? _weight;
    private long _weightValue;

    /// <summary>Creates an accumulator on <paramref name="device"/>.</summary>
    public RunningMean(Device device)
    {
        // Float64 keeps a long epoch's sum exact enough; MPS has no float64.
        var type = device.type == DeviceType.MPS ? ScalarType.Float32 : ScalarType.Float64;
        // Owned by this object for the whole run, not by whatever dispose scope the caller has open.
        _sum = zeros(Array.Empty<long>(), type, device).DetachFromDisposeScope();
    }

    /// <summary>How many values were added since the last reset.</summary>
    public override long Count => _count;

    /// <summary>Starts a new epoch.</summary>
    public override void Reset()
    {
        _sum.fill_(Zero);
        _hostSum = 0;
        _count = 0;
    }

    /// <summary>Adds every element of <paramref name="values"/> (one per sample, or one for the batch; booleans count as 0 and 1).</summary>
    public void Add(Tensor values)
    {
        // Fit calls this under no_grad, where detaching would only cost a tensor handle per batch.
        var sum = values.requires_grad ? values.detach().sum() : values.sum();
        _sum.add_(sum, One);
        _count += values.numel();
    }

    /// <summary>Adds a value already on the host (a gradient norm that clipping read anyway), without touching the device.</summary>
    public void Add(double value)
    {
        _hostSum += value;
        _count++;
    }

    /// <summary>Adds a batch mean that stands for <paramref name="weight"/> samples (a loss averaged over the batch).</summary>
    public void AddMean(Tensor batchMean, long weight)
    {
        // Batches nearly always have the same size, so the weight's Scalar is made once, not per batch.
        if (_weight is null || _weightValue != weight)
        {
            _weight?.Dispose();
            _weight = (double)weight;
            _weightValue = weight;
        }

        _sum.add_(batchMean.requires_grad ? batchMean.detach() : batchMean, _weight);
        _count += weight;
    }

    /// <summary>Writes the sum and count so far (a device synchronisation), for a backup.</summary>
    public override void SaveState(BinaryWriter writer)
    {
        writer.Write(Sum());
        writer.Write(_count);
    }

    /// <summary>Reads back what <see cref="SaveState"/> wrote.</summary>
    public override void LoadState(BinaryReader reader)
    {
        using var sum = (Scalar)reader.ReadDouble();
        _sum.fill_(sum);
        _hostSum = 0;
        _count = reader.ReadInt64();
    }

    /// <summary>Reads the mean to the host (a device synchronisation); NaN when nothing was added.</summary>
    public override double Read() => _count == 0 ? double.NaN : Sum() / _count;

    // item<T> needs T to be the tensor's own type, and MPS sums in float32.
    private double Sum() => (_sum.dtype == ScalarType.Float64 ? _sum.item<double>() : _sum.item<float>()) + _hostSum;

    /// <summary>Frees the device accumulator.</summary>
    public override void Dispose()
    {
        _sum.Dispose();
        _weight?.Dispose();
    }
}
