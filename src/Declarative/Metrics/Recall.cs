using System;
using Declarative.Callbacks;
using static TorchSharp.torch;

namespace Declarative.Metrics;

/// <summary>
/// <c>[Recall]</c>, as Keras's <c>Recall</c>: TP / (TP + FN) over the epoch's decisions (see
/// <see cref="ConfusionCounts"/>), 0 when no target was positive.
/// </summary>
public sealed class Recall : ConfusionCounts
{
    /// <summary>Creates the metric from its attribute, on <paramref name="device"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The threshold is not between 0 and 1.</exception>
    public Recall(RecallAttribute settings, Device device) : base(Checked(settings).Threshold, device) => Settings = settings;

    /// <summary>Its settings.</summary>
    public RecallAttribute Settings { get; }

    /// <inheritdoc/>
    protected override double Value(long truePositives, long falsePositives, long trueNegatives, long falseNegatives) =>
        DivideNoNan(truePositives, truePositives + falseNegatives);

    private static RecallAttribute Checked(RecallAttribute settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        CallbackSettings.Check(settings);
        return settings;
    }
}
