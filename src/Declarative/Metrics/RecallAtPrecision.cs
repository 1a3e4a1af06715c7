using System;
using Declarative.Callbacks;
using static TorchSharp.torch;

namespace Declarative.Metrics;

/// <summary>
/// <c>[RecallAtPrecision]</c>, as Keras's <c>RecallAtPrecision</c>: of the thresholds (see <see cref="ThresholdCounts"/>)
/// whose precision is at least the target, the highest recall; 0 when none reaches it.
/// </summary>
public sealed class RecallAtPrecision : ThresholdCounts
{
    /// <summary>Creates the metric from its attribute, on <paramref name="device"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public RecallAtPrecision(RecallAtPrecisionAttribute settings, Device device) : base(CallbackSettings.Checked(settings).NumThresholds, firstThresholdBelowZero: false, fromLogits: false, device) => Settings = settings;

    /// <summary>Its settings.</summary>
    public RecallAtPrecisionAttribute Settings { get; }

    /// <inheritdoc/>
    protected override double Value(double[] truePositives, double[] falsePositives, double[] trueNegatives, double[] falseNegatives) =>
        BestWhere(Ratios(truePositives, falsePositives), Settings.Precision, Ratios(truePositives, falseNegatives));
}
