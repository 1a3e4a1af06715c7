using System;
using Declarative.Callbacks;
using static TorchSharp.torch;

namespace Declarative.Metrics;

/// <summary>
/// <c>[Precision]</c>, as Keras's <c>Precision</c>: TP / (TP + FP) over the epoch's decisions (see
/// <see cref="ConfusionCounts"/>), 0 when nothing was predicted positive.
/// </summary>
public sealed class Precision : ConfusionCounts
{
    /// <summary>Creates the metric from its attribute, on <paramref name="device"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The threshold is not between 0 and 1.</exception>
    public Precision(PrecisionAttribute settings, Device device) : base(Checked(settings).Threshold, device) => Settings = settings;

    /// <summary>Its settings.</summary>
    public PrecisionAttribute Settings { get; }

    /// <inheritdoc/>
    protected override double Value(long truePositives, long falsePositives, long trueNegatives, long falseNegatives) =>
        DivideNoNan(truePositives, truePositives + falsePositives);

    private static PrecisionAttribute Checked(PrecisionAttribute settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        CallbackSettings.Check(settings);
        return settings;
    }
}
