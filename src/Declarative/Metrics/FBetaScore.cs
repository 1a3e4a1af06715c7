using Declarative.Callbacks;
using static TorchSharp.torch;

namespace Declarative.Metrics;

/// <summary>
/// <c>[F1Score]</c> and <c>[FBetaScore]</c>, as Keras's <c>FBetaScore</c>: from the epoch's counts (see
/// <see cref="ClassCounts"/>), P = TP / (TP + FP + ε), R = TP / (TP + FN + ε), F = (1 + β²) P R / (β² P + R + ε) with
/// Keras's ε = 1e-7 (so 0 when nothing is predicted or nothing is positive); macro averages the classes' F, weighted
/// weighs each by its positive targets over all of them (+ ε).
/// </summary>
public sealed class FBetaScore : ClassCounts
{
    private const double Epsilon = 1e-7;

    /// <summary>Creates the F1 score from its attribute, on <paramref name="device"/>.</summary>
    /// <exception cref="System.ArgumentOutOfRangeException">A setting is out of range.</exception>
    public FBetaScore(F1ScoreAttribute settings, Device device)
        : base(CallbackSettings.Checked(settings).Threshold, settings.Average, settings.Classes, settings.ClassId, device) => Beta = 1;

    /// <summary>Creates the F-beta score from its attribute, on <paramref name="device"/>.</summary>
    /// <exception cref="System.ArgumentOutOfRangeException">A setting is out of range.</exception>
    public FBetaScore(FBetaScoreAttribute settings, Device device)
        : base(CallbackSettings.Checked(settings).Threshold, settings.Average, settings.Classes, settings.ClassId, device) => Beta = settings.Beta;

    /// <summary>How many times as much recall weighs as precision.</summary>
    public double Beta { get; }

    /// <inheritdoc/>
    protected override double Value(double truePositives, double falsePositives, double falseNegatives)
    {
        var precision = truePositives / (truePositives + falsePositives + Epsilon);
        var recall = truePositives / (truePositives + falseNegatives + Epsilon);
        var betaSquared = Beta * Beta;
        return (1 + betaSquared) * (precision * recall / (betaSquared * precision + recall + Epsilon));
    }

    /// <inheritdoc/>
    protected override double Weighted(double[] values, double[] supports)
    {
        var total = System.Linq.Enumerable.Sum(supports) + Epsilon;
        var sum = 0.0;
        for (var i = 0; i < values.Length; i++) sum += values[i] * (supports[i] / total);
        return sum;
    }
}
