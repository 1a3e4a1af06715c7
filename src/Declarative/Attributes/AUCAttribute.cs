// Shared by the runtime library and the source generator (linked into both), so it stays netstandard2.0-compatible.
#nullable enable

using System;
using System.Collections.Generic;

namespace Declarative;

/// <summary>
/// Adds the <c>auc</c> metric (and <c>val_auc</c>), as Keras's <c>AUC</c>: the area under the ROC (or precision-recall)
/// curve of the epoch's elements, from confusion counts at <see cref="NumThresholds"/> thresholds spread evenly over
/// [0, 1] (an output above a threshold is predicted positive; a target not 0 is positive), summed by
/// <see cref="SummationMethod"/>. Maximised. The metric: <see cref="Metrics.Auc"/>.
/// </summary>
/// <remarks>
/// Like Keras's, the value approximates the exact area: outputs between two neighbouring thresholds count as tied, so it
/// is exact (the probability that a positive outscores a negative, ties counting half) when no two different outputs
/// share such an interval, as when every output is a multiple of 1 / (NumThresholds - 1) above 0; otherwise the pairs
/// that share one count half. More thresholds, closer. Targets are 0/1 elements of the
/// output's shape, or class indices for an output of shape (N, C) (one-hot, every element one decision: Keras's
/// <c>multi_label=False</c>).
/// </remarks>
/// <example><code>[AUC(Curve = AucCurve.PR, Name = "pr_auc")]</code></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class AUCAttribute : Attribute, IMetricSettings
{
    /// <summary>The metric's name in the logs, and with <c>val_</c> its twin's; default <c>auc</c>.</summary>
    public string Name { get; set; } = "auc";

    /// <summary>How many thresholds the curve is computed at; more than 1, default 200 (Keras's).</summary>
    public int NumThresholds { get; set; } = 200;

    /// <summary>The curve; default <see cref="AucCurve.ROC"/>.</summary>
    public AucCurve Curve { get; set; }

    /// <summary>How the area between thresholds is summed; default <see cref="AucSummation.Interpolation"/>.</summary>
    public AucSummation SummationMethod { get; set; }

    /// <summary>Whether the outputs are logits (a sigmoid turns them into probabilities first); default false: probabilities.</summary>
    public bool FromLogits { get; set; }

    MetricDirection IMetricSettings.Direction => MetricDirection.Maximize;

    IEnumerable<Setting?> ICallbackSettings.Settings()
    {
        var defaults = new AUCAttribute();
        yield return Setting.IfChanged(nameof(Name), Name, defaults.Name);
        yield return Setting.IfChanged(nameof(NumThresholds), NumThresholds, defaults.NumThresholds);
        yield return Setting.IfChanged(nameof(Curve), Curve, defaults.Curve);
        yield return Setting.IfChanged(nameof(SummationMethod), SummationMethod, defaults.SummationMethod);
        yield return Setting.IfChanged(nameof(FromLogits), FromLogits, defaults.FromLogits);
    }

    IEnumerable<SettingProblem?> ICallbackSettings.Problems()
    {
        yield return SettingProblem.Unless(NumThresholds > 1, nameof(NumThresholds), NumThresholds, "the curve needs at least two thresholds, as in Keras");
        yield return SettingProblem.Unless(Curve is AucCurve.ROC or AucCurve.PR, nameof(Curve), Curve, "it must be one of AucCurve's values");
        yield return SettingProblem.Unless(SummationMethod is AucSummation.Interpolation or AucSummation.Minoring or AucSummation.Majoring, nameof(SummationMethod), SummationMethod, "it must be one of AucSummation's values");
    }
}
