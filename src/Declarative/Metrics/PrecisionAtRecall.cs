using System;
using Declarative.Callbacks;
using static TorchSharp.torch;

namespace Declarative.Metrics;

/// <summary>
/// <c>[PrecisionAtRecall]</c>, as Keras's <c>PrecisionAtRecall</c>: of the thresholds (see <see cref="ThresholdCounts"/>)
/// whose recall is at least the target, the highest precision; 0 when none reaches it.
/// </summary>
public sealed class PrecisionAtRecall : ThresholdCounts
{
    /// <summary>Creates the metric from its attribute, on <paramref name="device"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public PrecisionAtRecall(PrecisionAtRecallAttribute settings, Device device) : base(CallbackSettings.Checked(settings).NumThresholds, firstThresholdBelowZero: false, fromLogits: false, device) => Settings = settings;

    /// <summary>Its settings.</summary>
    public PrecisionAtRecallAttribute Settings { get; }

    /// <inheritdoc/>
    protected override double Value(double[] truePositives, double[] falsePositives, double[] trueNegatives, double[] falseNegatives) =>
        BestWhere(Ratios(truePositives, falseNegatives), Settings.Recall, Ratios(truePositives, falsePositives));
}
