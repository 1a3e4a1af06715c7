using System;
using System.IO;
using Declarative.IO;
using TorchSharp;
using static TorchSharp.torch;

namespace Declarative.Metrics;

/// <summary>
/// Confusion counts at N thresholds spread evenly over [0, 1], kept on the device as a histogram and read once (Keras's
/// confusion metrics over thresholds, by its path for evenly spread thresholds): each element falls in the bucket
/// <c>ceil(output × (N - 1))</c>, counted apart for positive targets (not 0) and the others, and is predicted positive
/// at the thresholds below its bucket (output above j / (N - 1)). Outputs are clamped to [0, 1]. AUC's first threshold
/// is -ε, where every output counts as positive; the others' is 0, where an output of 0 does not. What a metric makes of
/// the counts (AUC, precision at a recall) is <see cref="Value"/>.
/// </summary>
public abstract class ThresholdCounts : MetricAccumulator
{
    // Buckets 0..N-1 of negative elements, then of positive ones.
    private readonly Tensor _histogram;
    private readonly Scalar _steps;
    private readonly Scalar _buckets;
    private readonly Scalar _one = 1;
    private readonly bool _fromLogits;
    private readonly bool _firstThresholdBelowZero;
    private long _count;

    /// <summary>Creates the counts, on <paramref name="device"/>.</summary>
    /// <param name="thresholds">How many thresholds (at least 2).</param>
    /// <param name="firstThresholdBelowZero">Whether the lowest threshold is -ε (AUC's), so an output of 0 counts as positive there, or 0.</param>
    /// <param name="fromLogits">Whether outputs are logits, turned into probabilities by a sigmoid first.</param>
    /// <param name="device">Where the counts accumulate.</param>
    protected ThresholdCounts(int thresholds, bool firstThresholdBelowZero, bool fromLogits, Device device)
    {
        _firstThresholdBelowZero = firstThresholdBelowZero;
        if (thresholds < 2) throw new ArgumentOutOfRangeException(nameof(thresholds), thresholds, "At least two thresholds are needed.");
        Thresholds = thresholds;
        _fromLogits = fromLogits;
        _steps = thresholds - 1;
        _buckets = (long)thresholds;
        // Owned by this object for the whole run, not by whatever dispose scope the caller has open.
        _histogram = zeros(2L * thresholds, ScalarType.Int64, device).DetachFromDisposeScope();
    }

    /// <summary>How many thresholds.</summary>
    public int Thresholds { get; }

    /// <inheritdoc/>
    public override long Count => _count;

    /// <summary>Adds a batch's elements (under <c>no_grad</c>, inside the batch's dispose scope).</summary>
    /// <exception cref="ArgumentException">The target matches neither the output's shape nor its samples as class indices.</exception>
    public void Update(Tensor output, Tensor target)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(target);
        var positive = MetricTargets.Positives(output, target);
        var probabilities = _fromLogits ? output.sigmoid() : output.clamp(0, 1);
        // Bucket b holds outputs in ((b - 1) / (N - 1), b / (N - 1)]; bucket 0 the outputs of 0.
        var bucket = probabilities.mul(_steps).ceil_();
        if (_firstThresholdBelowZero) bucket = bucket.clamp_min_(_one);
        bucket = bucket.to_type(ScalarType.Int64);
        var index = positive.to_type(ScalarType.Int64).mul_(_buckets).add_(bucket);
        _histogram.add_(index.flatten().bincount(null, minlength: 2 * Thresholds));
        _count += output.numel();
    }

    /// <summary>The metric's value from the counts so far (a device synchronisation).</summary>
    public override double Read()
    {
        var (truePositives, falsePositives, trueNegatives, falseNegatives) = Counts();
        return Value(truePositives, falsePositives, trueNegatives, falseNegatives);
    }

    /// <summary>The counts at each threshold, the lowest first (a device synchronisation).</summary>
    public (double[] TruePositives, double[] FalsePositives, double[] TrueNegatives, double[] FalseNegatives) Counts()
    {
        using var host = _histogram.cpu();
        var histogram = host.data<long>();
        var n = Thresholds;
        var (tp, fp, tn, fn) = (new double[n], new double[n], new double[n], new double[n]);
        // Predicted positive at threshold j: the buckets above j.
        double positives = 0, negatives = 0;
        for (var j = n - 1; j >= 0; j--)
        {
            tp[j] = positives;
            fp[j] = negatives;
            negatives += histogram[j];
            positives += histogram[n + j];
        }

        for (var j = 0; j < n; j++)
        {
            fn[j] = positives - tp[j];
            tn[j] = negatives - fp[j];
        }

        return (tp, fp, tn, fn);
    }

    /// <summary>The metric's value from the counts at each threshold, the lowest first.</summary>
    protected abstract double Value(double[] truePositives, double[] falsePositives, double[] trueNegatives, double[] falseNegatives);

    /// <summary><paramref name="numerator"/> / <paramref name="denominator"/>, or 0 when the denominator is 0 (Keras's <c>divide_no_nan</c>).</summary>
    protected static double DivideNoNan(double numerator, double denominator) => denominator == 0 ? 0 : numerator / denominator;

    /// <inheritdoc/>
    public override void Reset()
    {
        using var zero = (Scalar)0;
        _histogram.fill_(zero);
        _count = 0;
    }

    /// <inheritdoc/>
    public override void SaveState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteCounts(_histogram);
        writer.Write(_count);
    }

    /// <inheritdoc/>
    public override void LoadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        reader.ReadCounts(_histogram);
        _count = reader.ReadInt64();
    }

    /// <inheritdoc/>
    public override void Dispose()
    {
        _histogram.Dispose();
        _steps.Dispose();
        _buckets.Dispose();
        _one.Dispose();
    }
}
