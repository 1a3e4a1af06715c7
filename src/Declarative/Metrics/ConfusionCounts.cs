using System;
using System.IO;
using TorchSharp;
using static TorchSharp.torch;

namespace Declarative.Metrics;

/// <summary>
/// The binary confusion counts of every element a metric sees, kept on the device and read once (Keras's confusion
/// metrics at one threshold, <c>metrics_utils.update_confusion_matrix_variables</c>): an element is predicted positive
/// when its output is above the threshold (strictly: an output equal to it is negative), and is positive when its
/// target is not 0; a batch of shape (N, C) is N × C decisions (integer class indices as targets are one-hot encoded).
/// What a metric makes of the counts (true positives, ...) is <see cref="Value"/>.
/// </summary>
public abstract class ConfusionCounts : MetricAccumulator
{
    // True negatives, false negatives, false positives, true positives: the index of each decision is 2 × predicted + positive.
    private readonly Tensor _counts;
    private readonly Scalar _threshold;
    private readonly Scalar _two = 2;
    private long _count;

    /// <summary>Creates the counts, on <paramref name="device"/>.</summary>
    /// <param name="threshold">The threshold an output must exceed to be predicted positive.</param>
    /// <param name="device">Where the counts accumulate.</param>
    protected ConfusionCounts(double threshold, Device device)
    {
        Threshold = threshold;
        _threshold = threshold;
        // Owned by this object for the whole run, not by whatever dispose scope the caller has open.
        _counts = zeros(4, ScalarType.Int64, device).DetachFromDisposeScope();
    }

    /// <summary>The threshold an output must exceed to be predicted positive.</summary>
    public double Threshold { get; }

    /// <inheritdoc/>
    public override long Count => _count;

    /// <summary>Adds a batch's decisions: one per element of <paramref name="output"/>, against the target of the same number of elements.</summary>
    public void Update(Tensor output, Tensor target)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(target);
        var predicted = output.gt(_threshold).flatten();
        var positive = MetricTargets.Positives(output, target).flatten();
        var decisions = predicted.to_type(ScalarType.Int64).mul(_two).add(positive);
        _counts.add_(decisions.bincount(null, minlength: 4));
        _count += predicted.numel();
    }

    /// <summary>The metric's value from the counts so far (a device synchronisation).</summary>
    public override double Read()
    {
        var counts = Counts();
        return Value(counts.TruePositives, counts.FalsePositives, counts.TrueNegatives, counts.FalseNegatives);
    }

    /// <summary>The counts so far (a device synchronisation).</summary>
    public (long TruePositives, long FalsePositives, long TrueNegatives, long FalseNegatives) Counts()
    {
        using var host = _counts.cpu();
        var counts = host.data<long>();
        return (counts[3], counts[2], counts[0], counts[1]);
    }

    /// <summary>The metric's value from its counts.</summary>
    protected abstract double Value(long truePositives, long falsePositives, long trueNegatives, long falseNegatives);

    /// <summary><paramref name="numerator"/> / <paramref name="denominator"/>, or 0 when the denominator is 0 (Keras's <c>divide_no_nan</c>).</summary>
    protected static double DivideNoNan(double numerator, double denominator) => denominator == 0 ? 0 : numerator / denominator;

    /// <inheritdoc/>
    public override void Reset()
    {
        using var zero = (Scalar)0;
        _counts.fill_(zero);
        _count = 0;
    }

    /// <inheritdoc/>
    public override void SaveState(BinaryWriter writer)
    {
        var (truePositives, falsePositives, trueNegatives, falseNegatives) = Counts();
        writer.Write(trueNegatives);
        writer.Write(falseNegatives);
        writer.Write(falsePositives);
        writer.Write(truePositives);
        writer.Write(_count);
    }

    /// <inheritdoc/>
    public override void LoadState(BinaryReader reader)
    {
        using var saved = tensor(new[] { reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64() });
        _counts.copy_(saved);
        _count = reader.ReadInt64();
    }

    /// <inheritdoc/>
    public override void Dispose()
    {
        _counts.Dispose();
        _threshold.Dispose();
        _two.Dispose();
    }
}
