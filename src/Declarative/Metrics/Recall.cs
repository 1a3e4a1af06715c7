using System;
using Declarative.Callbacks;
using static TorchSharp.torch;

namespace Declarative.Metrics;

/// <summary>
/// <c>[Recall]</c>, as Keras's <c>Recall</c>: TP / (TP + FN) over the epoch's decisions (see
/// <see cref="ClassCounts"/>), 0 when no target was positive; per class and averaged when the attribute says so.
/// </summary>
public sealed class Recall : ClassCounts
{
    /// <summary>Creates the metric from its attribute, on <paramref name="device"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range (a threshold not between 0 and 1, an average without classes).</exception>
    public Recall(RecallAttribute settings, Device device)
        : base(CallbackSettings.Checked(settings).Threshold, settings.Average, settings.Classes, settings.ClassId, device) => Settings = settings;

    /// <summary>Its settings.</summary>
    public RecallAttribute Settings { get; }

    /// <inheritdoc/>
    protected override double Value(double truePositives, double falsePositives, double falseNegatives) =>
        DivideNoNan(truePositives, truePositives + falseNegatives);
}
