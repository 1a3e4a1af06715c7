using System;
using static TorchSharp.torch;

namespace Declarative.Metrics;

/// <summary><c>[Accuracy]</c>: the fraction of samples whose output's argmax is the target class (see <see cref="BuiltInMetrics.Accuracy"/>).</summary>
public sealed class Accuracy(AccuracyAttribute settings, Device device) : MeanMetric(device)
{
    /// <summary>Its settings.</summary>
    public AccuracyAttribute Settings { get; } = settings ?? throw new ArgumentNullException(nameof(settings));

    /// <inheritdoc/>
    protected override Tensor Values(Tensor output, Tensor target) => BuiltInMetrics.Accuracy(output, target);
}

/// <summary><c>[BinaryAccuracy]</c>: the fraction of elements where <c>output &gt; Threshold</c> agrees with <c>target &gt; 0.5</c>.</summary>
public sealed class BinaryAccuracy(BinaryAccuracyAttribute settings, Device device) : MeanMetric(device)
{
    /// <summary>Its settings.</summary>
    public BinaryAccuracyAttribute Settings { get; } = settings ?? throw new ArgumentNullException(nameof(settings));

    /// <inheritdoc/>
    protected override Tensor Values(Tensor output, Tensor target) => BuiltInMetrics.BinaryAccuracy(output, target, Settings.Threshold);
}

/// <summary><c>[MeanAbsoluteError]</c>: the mean of <c>|output - target|</c> over every element.</summary>
public sealed class MeanAbsoluteError(MeanAbsoluteErrorAttribute settings, Device device) : MeanMetric(device)
{
    /// <summary>Its settings.</summary>
    public MeanAbsoluteErrorAttribute Settings { get; } = settings ?? throw new ArgumentNullException(nameof(settings));

    /// <inheritdoc/>
    protected override Tensor Values(Tensor output, Tensor target) => BuiltInMetrics.AbsoluteError(output, target);
}

/// <summary><c>[MeanSquaredError]</c>: the mean of <c>(output - target)²</c> over every element.</summary>
public sealed class MeanSquaredError(MeanSquaredErrorAttribute settings, Device device) : MeanMetric(device)
{
    /// <summary>Its settings.</summary>
    public MeanSquaredErrorAttribute Settings { get; } = settings ?? throw new ArgumentNullException(nameof(settings));

    /// <inheritdoc/>
    protected override Tensor Values(Tensor output, Tensor target) => BuiltInMetrics.SquaredError(output, target);
}
