// Shared by the runtime library and the source generator (linked into both), so it stays netstandard2.0-compatible.
#nullable enable

using System.Collections.Generic;

namespace Declarative;

/// <summary>
/// The learning-rate finder's defaults (Lightning's <c>lr_find</c>'s) and the ranges of its settings, stated once: the
/// analyzer reports a constant setting out of range as DCB0047 where it is written, and
/// <see cref="LearningRateFinderOptions"/> throws for any at run time.
/// </summary>
internal static class LearningRateFinderRules
{
    public const double DefaultMinLearningRate = 1e-8;
    public const double DefaultMaxLearningRate = 1.0;
    public const int DefaultSteps = 100;
    public const double DefaultEarlyStopThreshold = 4.0;

    /// <summary>The settings out of range, each with what it must be.</summary>
    public static IEnumerable<SettingProblem?> Problems(double minLearningRate, double maxLearningRate, int steps, double? earlyStopThreshold)
    {
        yield return SettingProblem.Unless(SettingProblem.IsFinite(minLearningRate) && minLearningRate > 0, "MinLearningRate", minLearningRate,
            "the sweep multiplies the rate from there, so it must be a finite number above 0");
        yield return SettingProblem.Unless(SettingProblem.IsFinite(maxLearningRate) && maxLearningRate > 0 && !(maxLearningRate <= minLearningRate), "MaxLearningRate", maxLearningRate,
            $"the sweep rises from MinLearningRate ({SettingsText.Literal(minLearningRate)}) to it, so it must be a finite number greater than that");
        yield return SettingProblem.Unless(steps >= 2, "Steps", steps,
            "the sweep tries one rate per optimizer step, from the least to the greatest, so it needs at least 2");
        yield return SettingProblem.Unless(earlyStopThreshold is not { } threshold || (SettingProblem.IsFinite(threshold) && threshold >= 1), "EarlyStopThreshold", earlyStopThreshold,
            "the sweep stops when the smoothed loss exceeds this multiple of the best one, so it must be at least 1 (null runs every step)");
    }
}
