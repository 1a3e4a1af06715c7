using System;
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
public abstract class ConfusionCounts : DeviceCounts
{
    // Slots: true negatives, false negatives, false positives, true positives; a decision's is 2 × predicted + positive.
    private readonly Scalar _threshold;
    private readonly Scalar _two = 2;

    /// <summary>Creates the counts, on <paramref name="device"/>.</summary>
    /// <param name="threshold">The threshold an output must exceed to be predicted positive.</param>
    /// <param name="device">Where the counts accumulate.</param>
    protected ConfusionCounts(double threshold, Device device) : base(4, device)
    {
        Threshold = threshold;
        _threshold = threshold;
    }

    /// <summary>The threshold an output must exceed to be predicted positive.</summary>
    public double Threshold { get; }

    /// <summary>Adds a batch's decisions: one per element of <paramref name="output"/>, against the target of the same number of elements.</summary>
    public void Update(Tensor output, Tensor target)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(target);
        var predicted = output.gt(_threshold).flatten();
        var positive = MetricTargets.Positives(output, target).flatten();
        Add(predicted.to_type(ScalarType.Int64).mul(_two).add(positive), predicted.numel());
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
        var counts = Slots();
        return (counts[3], counts[2], counts[0], counts[1]);
    }

    /// <summary>The metric's value from its counts.</summary>
    protected abstract double Value(long truePositives, long falsePositives, long trueNegatives, long falseNegatives);

    /// <inheritdoc/>
    protected override void DisposeScalars()
    {
        _threshold.Dispose();
        _two.Dispose();
    }
}
