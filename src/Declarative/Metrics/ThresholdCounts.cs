using System;
using System.Linq;
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
public abstract class ThresholdCounts : DeviceCounts
{
    // Slots: buckets 0..N-1 of negative elements, then of positive ones.
    private readonly Scalar _steps;
    private readonly Scalar _buckets;
    private readonly Scalar _one = 1;
    private readonly bool _fromLogits;
    private readonly bool _firstThresholdBelowZero;

    /// <summary>Creates the counts, on <paramref name="device"/>.</summary>
    /// <param name="thresholds">How many thresholds (at least 2).</param>
    /// <param name="firstThresholdBelowZero">Whether the lowest threshold is -ε (AUC's), so an output of 0 counts as positive there, or 0.</param>
    /// <param name="fromLogits">Whether outputs are logits, turned into probabilities by a sigmoid first.</param>
    /// <param name="device">Where the counts accumulate.</param>
    protected ThresholdCounts(int thresholds, bool firstThresholdBelowZero, bool fromLogits, Device device) : base(2L * Math.Max(thresholds, 2), device)
    {
        _firstThresholdBelowZero = firstThresholdBelowZero;
        if (thresholds < 2) throw new ArgumentOutOfRangeException(nameof(thresholds), thresholds, "At least two thresholds are needed.");
        Thresholds = thresholds;
        _fromLogits = fromLogits;
        _steps = thresholds - 1;
        _buckets = (long)thresholds;
    }

    /// <summary>How many thresholds.</summary>
    public int Thresholds { get; }

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
        Add(index, output.numel());
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
        var histogram = Slots();
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

    /// <summary><c>part / (part + rest)</c> at each threshold, 0 where both are 0: recalls of (TP, FN), precisions of (TP, FP).</summary>
    protected static double[] Ratios(double[] part, double[] rest) =>
        part.Select((value, j) => DivideNoNan(value, value + rest[j])).ToArray();

    /// <summary>The highest <paramref name="dependent"/> at a threshold whose <paramref name="constrained"/> is at least <paramref name="minimum"/>; 0 when none is (Keras's <c>_find_max_under_constraint</c>).</summary>
    protected static double BestWhere(double[] constrained, double minimum, double[] dependent) =>
        dependent.Where((_, j) => constrained[j] >= minimum).DefaultIfEmpty(0).Max();

    /// <summary>The metric's value from the counts at each threshold, the lowest first.</summary>
    protected abstract double Value(double[] truePositives, double[] falsePositives, double[] trueNegatives, double[] falseNegatives);

    /// <inheritdoc/>
    protected override void DisposeScalars()
    {
        _steps.Dispose();
        _buckets.Dispose();
        _one.Dispose();
    }
}
