using System;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace Declarative.Metrics;

/// <summary>
/// True positives, false positives and false negatives per class, kept on the device and read once: the state of
/// precision, recall and the F-scores. Each element of the output is a decision: predicted positive when above the
/// threshold (strictly), or, without a threshold (NaN), when it is its sample's highest output (Keras's F-scores with
/// <c>threshold=None</c>: <c>output &gt;= max</c> and not 0, so tied highest outputs are all predicted); positive when
/// its target is not 0. Targets are of the output's shape, or class indices of an output of shape (N, C), one-hot
/// encoded here. Counts are per class (the output's last dimension) for a per-class average, else one set for all.
/// </summary>
public abstract class ClassCounts : DeviceCounts
{
    // Slots per class, the decisions' counts: index 4 × class + 2 × predicted + positive (TN, FN, FP, TP).
    private readonly Tensor? _classOffsets;
    private readonly Scalar _threshold;
    private readonly Scalar _two = 2;
    private readonly Scalar _nonZero = 1e-9;

    /// <summary>Creates the counts, on <paramref name="device"/>.</summary>
    /// <param name="threshold">The threshold an output must exceed to be predicted positive; NaN for the sample's highest output.</param>
    /// <param name="average">How the metric combines classes; per-class averages keep counts per class.</param>
    /// <param name="classes">The number of classes, for a per-class average; else 0.</param>
    /// <param name="classId">The one class that counts, or -1.</param>
    /// <param name="device">Where the counts accumulate.</param>
    protected ClassCounts(double threshold, MetricAverage average, int classes, int classId, Device device)
        : base(4L * Math.Max(average == MetricAverage.Micro ? 0 : classes, 1), device)
    {
        Threshold = threshold;
        Average = average;
        ClassId = classId;
        Classes = average == MetricAverage.Micro ? 0 : classes;
        _threshold = double.IsNaN(threshold) ? 0.0 : threshold;
        if (Classes > 0) _classOffsets = arange(0L, 4L * Classes, 4L, ScalarType.Int64, device).DetachFromDisposeScope();
    }

    /// <summary>The threshold an output must exceed to be predicted positive; NaN when a sample's highest output is its class.</summary>
    public double Threshold { get; }

    /// <summary>How the classes combine.</summary>
    public MetricAverage Average { get; }

    /// <summary>The classes counted apart (a per-class average), or 0.</summary>
    public int Classes { get; }

    /// <summary>The one class that counts, or -1 for every class.</summary>
    public int ClassId { get; }

    /// <summary>Adds a batch's decisions (under <c>no_grad</c>, inside the batch's dispose scope).</summary>
    /// <exception cref="ArgumentException">The target matches neither the output's shape nor its samples as class indices, or the output's classes are not <see cref="Classes"/>.</exception>
    public void Update(Tensor output, Tensor target)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(target);
        // One output per sample is one class: its highest output is itself.
        if (output.dim() < 2) output = output.reshape(-1, 1);
        var positive = MetricTargets.Positives(output, target);
        var predicted = double.IsNaN(Threshold)
            ? output.ge(output.amax([-1], keepdim: true)).logical_and_(output.abs().gt(_nonZero))
            : output.gt(_threshold);
        if (ClassId >= 0)
        {
            predicted = predicted.select(-1, ClassId);
            positive = positive.select(-1, ClassId);
        }

        var decisions = predicted.to_type(ScalarType.Int64).mul_(_two).add_(positive);
        if (_classOffsets is not null)
        {
            var width = output.shape[^1];
            if (width != Classes)
                throw new ArgumentException($"The metric averages over Classes = {Classes}, but the output has {width} in its last dimension (shape [{string.Join(", ", output.shape)}]). Set Classes to the output's last dimension.", nameof(output));
            decisions = decisions.reshape(-1, Classes).add_(_classOffsets);
        }

        Add(decisions, predicted.numel());
    }

    /// <summary>The metric's value from the counts so far (a device synchronisation).</summary>
    public override double Read()
    {
        var counts = CountsPerClass();
        if (Average == MetricAverage.Micro)
        {
            var (tp, fp, fn) = (counts.Sum(c => c.TruePositives), counts.Sum(c => c.FalsePositives), counts.Sum(c => c.FalseNegatives));
            return Value(tp, fp, fn);
        }

        var values = counts.Select(c => Value(c.TruePositives, c.FalsePositives, c.FalseNegatives)).ToArray();
        if (Average == MetricAverage.Macro) return values.Average();
        var supports = counts.Select(c => (double)(c.TruePositives + c.FalseNegatives)).ToArray();
        return Weighted(values, supports);
    }

    /// <summary>The counts so far, one entry per class counted apart (one in all for <see cref="MetricAverage.Micro"/>): a device synchronisation.</summary>
    public (long TruePositives, long FalsePositives, long FalseNegatives)[] CountsPerClass()
    {
        var counts = Slots();
        return Enumerable.Range(0, counts.Length / 4).Select(c => (counts[4 * c + 3], counts[4 * c + 2], counts[4 * c + 1])).ToArray();
    }

    /// <summary>The metric's value from one class's counts (or all classes' together).</summary>
    protected abstract double Value(double truePositives, double falsePositives, double falseNegatives);

    /// <summary>The classes' values weighted by their number of positive targets.</summary>
    protected virtual double Weighted(double[] values, double[] supports) =>
        DivideNoNan(values.Zip(supports, (value, support) => value * support).Sum(), supports.Sum());

    /// <inheritdoc/>
    protected override void DisposeScalars()
    {
        _classOffsets?.Dispose();
        _threshold.Dispose();
        _two.Dispose();
        _nonZero.Dispose();
    }
}
