// Shared by the runtime library and the source generator (linked into both), so it stays netstandard2.0-compatible.
#nullable enable

using System;
using System.Collections.Generic;

namespace Declarative;

/// <summary>
/// Adds the <c>fbeta_score</c> metric (and <c>val_fbeta_score</c>), as Keras's <c>FBetaScore</c>: (1 + β²)PR / (β²P + R)
/// from counts over the whole epoch, recall weighing β times as much as precision. Maximised. The metric:
/// <see cref="Metrics.FBetaScore"/>.
/// </summary>
/// <remarks>
/// Precision and recall are computed with Keras's epsilon (1e-7) in their denominators, as Keras does, so a perfect
/// score reads 0.9999999 rather than 1. Targets are 0/1 elements of the output's shape, or class indices for an output
/// of shape (N, C).
/// </remarks>
/// <example><code>[FBetaScore(Beta = 2, Threshold = 0.5)]</code></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class FBetaScoreAttribute : Attribute, IMetricSettings
{
    /// <summary>The metric's name in the logs, and with <c>val_</c> its twin's; default <c>fbeta_score</c>.</summary>
    public string Name { get; set; } = "fbeta_score";

    /// <summary>How many times as much recall weighs as precision; above 0, default 1 (the F1 score).</summary>
    public double Beta { get; set; } = 1;

    /// <summary>
    /// An output above it is predicted positive; between 0 and 1. Not set (NaN, the default, Keras's <c>threshold=None</c>):
    /// each sample's highest output is its predicted class, which suits one output per class; set it for a single
    /// sigmoid output or a multi-label output.
    /// </summary>
    public double Threshold { get; set; } = double.NaN;

    /// <summary>How the classes combine; default <see cref="MetricAverage.Micro"/> (Keras's default, <c>None</c>, gives one value per class, which a log cannot hold).</summary>
    public MetricAverage Average { get; set; }

    /// <summary>The number of classes (the output's last dimension), which <see cref="MetricAverage.Macro"/> and <see cref="MetricAverage.Weighted"/> need; 0 (the default) when not averaging per class.</summary>
    public int Classes { get; set; }

    /// <summary>Only this class counts (its column of the decisions); -1 (the default) for every class.</summary>
    public int ClassId { get; set; } = -1;

    MetricDirection IMetricSettings.Direction => MetricDirection.Maximize;

    IEnumerable<Setting?> ICallbackSettings.Settings()
    {
        var defaults = new FBetaScoreAttribute();
        yield return Setting.IfChanged(nameof(Name), Name, defaults.Name);
        yield return Setting.IfChanged(nameof(Beta), Beta, defaults.Beta);
        yield return Setting.IfChanged(nameof(Threshold), Threshold, defaults.Threshold);
        yield return Setting.IfChanged(nameof(Average), Average, defaults.Average);
        yield return Setting.IfChanged(nameof(Classes), Classes, defaults.Classes);
        yield return Setting.IfChanged(nameof(ClassId), ClassId, defaults.ClassId);
    }

    IEnumerable<SettingProblem?> ICallbackSettings.Problems()
    {
        yield return SettingProblem.Unless(Beta > 0 && !double.IsInfinity(Beta), nameof(Beta), Beta, "beta weighs recall against precision and must be above 0, as in Keras");
        foreach (var problem in ClassificationRules.Problems(Threshold, thresholdOptional: true, Average, Classes, ClassId)) yield return problem;
    }
}
