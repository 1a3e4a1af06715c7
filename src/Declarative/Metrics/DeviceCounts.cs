using System;
using System.IO;
using System.Linq;
using Declarative.IO;
using TorchSharp;
using static TorchSharp.torch;

namespace Declarative.Metrics;

/// <summary>
/// Counts kept on the device in a row of Int64 slots, each batch adding a bincount of slot indices, read to the host
/// once: the state of every metric that counts (confusion counts at a threshold, per class, or over thresholds). What
/// the slots mean and what a metric makes of them is the derived family's.
/// </summary>
public abstract class DeviceCounts : MetricAccumulator
{
    private readonly Tensor _slots;
    private long _count;

    /// <summary>Creates <paramref name="slots"/> counts of 0, on <paramref name="device"/>.</summary>
    protected DeviceCounts(long slots, Device device) =>
        // Owned by this object for the whole run, not by whatever dispose scope the caller has open.
        _slots = zeros(slots, ScalarType.Int64, device).DetachFromDisposeScope();

    /// <inheritdoc/>
    public override long Count => _count;

    /// <summary>Adds one to the slot of each index in <paramref name="indices"/> (Int64, any shape), for <paramref name="elements"/> elements seen: device work only.</summary>
    protected void Add(Tensor indices, long elements)
    {
        ArgumentNullException.ThrowIfNull(indices);
        _slots.add_(indices.flatten().bincount(null, minlength: _slots.shape[0]));
        _count += elements;
    }

    /// <summary>The counts so far (a device synchronisation).</summary>
    protected long[] Slots()
    {
        using var host = _slots.cpu();
        return host.data<long>().ToArray();
    }

    /// <summary><paramref name="numerator"/> / <paramref name="denominator"/>, or 0 when the denominator is 0 (Keras's <c>divide_no_nan</c>).</summary>
    protected static double DivideNoNan(double numerator, double denominator) => denominator == 0 ? 0 : numerator / denominator;

    /// <inheritdoc/>
    public override void Reset()
    {
        using var zero = (Scalar)0;
        _slots.fill_(zero);
        _count = 0;
    }

    /// <inheritdoc/>
    public override void SaveState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteCounts(_slots);
        writer.Write(_count);
    }

    /// <inheritdoc/>
    public override void LoadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        reader.ReadCounts(_slots);
        _count = reader.ReadInt64();
    }

    /// <inheritdoc/>
    public override void Dispose()
    {
        _slots.Dispose();
        DisposeScalars();
        GC.SuppressFinalize(this);
    }

    /// <summary>Frees what a family keeps besides the counts (its cached scalars).</summary>
    protected abstract void DisposeScalars();
}
