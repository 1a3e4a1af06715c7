// Shared by the runtime library and the source generator (linked into both), so it stays netstandard2.0-compatible.
#nullable enable

using System;
using System.Collections.Generic;

namespace Declarative;

/// <summary>
/// Adds the <c>binary_accuracy</c> metric (and <c>val_binary_accuracy</c>): the fraction of elements where
/// <c>output &gt; Threshold</c> equals <c>target &gt; 0.5</c>, as Keras's <c>BinaryAccuracy</c>. Maximised. The metric:
/// <see cref="Metrics.BinaryAccuracy"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class BinaryAccuracyAttribute : Attribute, IMetricSettings
{
    /// <summary>The metric's name in the logs, and with <c>val_</c> its twin's; default <c>binary_accuracy</c>.</summary>
    public string Name { get; set; } = "binary_accuracy";

    /// <summary>
    /// The decision threshold applied to the output. Default 0.5 for probabilities (after a sigmoid);
    /// use 0 for logits (e.g. with <c>BCEWithLogitsLoss</c>).
    /// </summary>
    public double Threshold { get; set; } = 0.5;

    MetricDirection IMetricSettings.Direction => MetricDirection.Maximize;

    IEnumerable<Setting?> ICallbackSettings.Settings()
    {
        var defaults = new BinaryAccuracyAttribute();
        yield return Setting.IfChanged(nameof(Name), Name, defaults.Name);
        yield return Setting.IfChanged(nameof(Threshold), Threshold, defaults.Threshold);
    }

    IEnumerable<SettingProblem?> ICallbackSettings.Problems()
    {
        yield return SettingProblem.Unless(SettingProblem.IsFinite(Threshold), nameof(Threshold), Threshold, "it must be a finite number");
    }
}
