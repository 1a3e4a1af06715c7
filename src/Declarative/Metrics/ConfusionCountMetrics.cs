using Declarative.Callbacks;
using static TorchSharp.torch;

namespace Declarative.Metrics;

/// <summary><c>[TruePositives]</c>, as Keras's <c>TruePositives</c>: the count of the epoch's true positives (see <see cref="ConfusionCounts"/>).</summary>
public sealed class TruePositives(TruePositivesAttribute settings, Device device) : ConfusionCounts(CallbackSettings.Checked(settings).Threshold, device)
{
    /// <summary>Its settings.</summary>
    public TruePositivesAttribute Settings { get; } = settings;

    /// <inheritdoc/>
    protected override double Value(long truePositives, long falsePositives, long trueNegatives, long falseNegatives) => truePositives;
}

/// <summary><c>[FalsePositives]</c>, as Keras's <c>FalsePositives</c>: the count of the epoch's false positives (see <see cref="ConfusionCounts"/>).</summary>
public sealed class FalsePositives(FalsePositivesAttribute settings, Device device) : ConfusionCounts(CallbackSettings.Checked(settings).Threshold, device)
{
    /// <summary>Its settings.</summary>
    public FalsePositivesAttribute Settings { get; } = settings;

    /// <inheritdoc/>
    protected override double Value(long truePositives, long falsePositives, long trueNegatives, long falseNegatives) => falsePositives;
}

/// <summary><c>[TrueNegatives]</c>, as Keras's <c>TrueNegatives</c>: the count of the epoch's true negatives (see <see cref="ConfusionCounts"/>).</summary>
public sealed class TrueNegatives(TrueNegativesAttribute settings, Device device) : ConfusionCounts(CallbackSettings.Checked(settings).Threshold, device)
{
    /// <summary>Its settings.</summary>
    public TrueNegativesAttribute Settings { get; } = settings;

    /// <inheritdoc/>
    protected override double Value(long truePositives, long falsePositives, long trueNegatives, long falseNegatives) => trueNegatives;
}

/// <summary><c>[FalseNegatives]</c>, as Keras's <c>FalseNegatives</c>: the count of the epoch's false negatives (see <see cref="ConfusionCounts"/>).</summary>
public sealed class FalseNegatives(FalseNegativesAttribute settings, Device device) : ConfusionCounts(CallbackSettings.Checked(settings).Threshold, device)
{
    /// <summary>Its settings.</summary>
    public FalseNegativesAttribute Settings { get; } = settings;

    /// <inheritdoc/>
    protected override double Value(long truePositives, long falsePositives, long trueNegatives, long falseNegatives) => falseNegatives;
}
