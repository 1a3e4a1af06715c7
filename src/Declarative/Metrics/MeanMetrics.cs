using System;
using Declarative.Callbacks;
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

/// <summary><c>[RootMeanSquaredError]</c>: the square root of the mean of <c>(output - target)²</c> over every element (Keras's <c>RootMeanSquaredError</c>).</summary>
public sealed class RootMeanSquaredError(RootMeanSquaredErrorAttribute settings, Device device) : MeanMetric(device)
{
    /// <summary>Its settings.</summary>
    public RootMeanSquaredErrorAttribute Settings { get; } = settings ?? throw new ArgumentNullException(nameof(settings));

    /// <inheritdoc/>
    protected override Tensor Values(Tensor output, Tensor target) => BuiltInMetrics.SquaredError(output, target);

    /// <inheritdoc/>
    public override double Read() => Math.Sqrt(base.Read());
}

/// <summary><c>[MeanAbsolutePercentageError]</c>: the mean of <c>100 × |target - output| / max(|target|, 1e-7)</c> over every element.</summary>
public sealed class MeanAbsolutePercentageError(MeanAbsolutePercentageErrorAttribute settings, Device device) : MeanMetric(device)
{
    /// <summary>Its settings.</summary>
    public MeanAbsolutePercentageErrorAttribute Settings { get; } = settings ?? throw new ArgumentNullException(nameof(settings));

    /// <inheritdoc/>
    protected override Tensor Values(Tensor output, Tensor target) => BuiltInMetrics.AbsolutePercentageError(output, target);
}

/// <summary><c>[MeanSquaredLogarithmicError]</c>: the mean of <c>(log(max(output, 1e-7) + 1) - log(max(target, 1e-7) + 1))²</c> over every element.</summary>
public sealed class MeanSquaredLogarithmicError(MeanSquaredLogarithmicErrorAttribute settings, Device device) : MeanMetric(device)
{
    /// <summary>Its settings.</summary>
    public MeanSquaredLogarithmicErrorAttribute Settings { get; } = settings ?? throw new ArgumentNullException(nameof(settings));

    /// <inheritdoc/>
    protected override Tensor Values(Tensor output, Tensor target) => BuiltInMetrics.SquaredLogarithmicError(output, target);
}

/// <summary><c>[CosineSimilarity]</c>: the mean over samples of the cosine between output and target along the last dimension.</summary>
public sealed class CosineSimilarity(CosineSimilarityAttribute settings, Device device) : MeanMetric(device)
{
    /// <summary>Its settings.</summary>
    public CosineSimilarityAttribute Settings { get; } = settings ?? throw new ArgumentNullException(nameof(settings));

    /// <inheritdoc/>
    protected override Tensor Values(Tensor output, Tensor target) => BuiltInMetrics.CosineSimilarity(output, target);
}

/// <summary><c>[TopKAccuracy]</c>: the fraction of samples whose target class is among the K highest outputs.</summary>
public sealed class TopKAccuracy(TopKAccuracyAttribute settings, Device device) : MeanMetric(device)
{
    /// <summary>Its settings.</summary>
    public TopKAccuracyAttribute Settings { get; } = CallbackSettings.Checked(settings);

    /// <inheritdoc/>
    protected override Tensor Values(Tensor output, Tensor target) => BuiltInMetrics.TopKAccuracy(output, target, Settings.K);
}
