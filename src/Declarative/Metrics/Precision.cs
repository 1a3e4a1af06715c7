using System;
using Declarative.Callbacks;
using static TorchSharp.torch;

namespace Declarative.Metrics;

/// <summary>
/// <c>[Precision]</c>, as Keras's <c>Precision</c>: TP / (TP + FP) over the epoch's decisions (see
/// <see cref="ClassCounts"/>), 0 when nothing was predicted positive; per class and averaged when the attribute says so.
/// </summary>
public sealed class Precision : ClassCounts
{
    /// <summary>Creates the metric from its attribute, on <paramref name="device"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range (a threshold not between 0 and 1, an average without classes).</exception>
    public Precision(PrecisionAttribute settings, Device device)
        : base(CallbackSettings.Checked(settings).Threshold, settings.Average, settings.Classes, settings.ClassId, device) => Settings = settings;

    /// <summary>Its settings.</summary>
    public PrecisionAttribute Settings { get; }

    /// <inheritdoc/>
    protected override double Value(double truePositives, double falsePositives, double falseNegatives) =>
        DivideNoNan(truePositives, truePositives + falsePositives);
}
