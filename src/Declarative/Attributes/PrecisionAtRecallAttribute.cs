// Shared by the runtime library and the source generator (linked into both), so it stays netstandard2.0-compatible.
#nullable enable

using System;
using System.Collections.Generic;

namespace Declarative;

/// <summary>
/// Adds the <c>precision_at_recall</c> metric (and <c>val_precision_at_recall</c>), as Keras's <c>PrecisionAtRecall</c>: the best precision over the epoch's
/// elements at any of <see cref="NumThresholds"/> thresholds spread evenly over [0, 1] whose recall is at least
/// <see cref="Recall"/> (0 when none is). Maximised. The metric: <see cref="Metrics.PrecisionAtRecall"/>.
/// </summary>
/// <example><code>[PrecisionAtRecall(0.8)]</code></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class PrecisionAtRecallAttribute : Attribute, IMetricSettings
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="recall">The recall a threshold must reach, between 0 and 1.</param>
    public PrecisionAtRecallAttribute(double recall) => Recall = recall;

    /// <summary>The recall a threshold must reach, between 0 and 1.</summary>
    public double Recall { get; }

    /// <summary>The metric's name in the logs, and with <c>val_</c> its twin's; default <c>precision_at_recall</c>.</summary>
    public string Name { get; set; } = "precision_at_recall";

    /// <summary>How many thresholds are tried; more than 1, default 200 (Keras's).</summary>
    public int NumThresholds { get; set; } = 200;

    MetricDirection IMetricSettings.Direction => MetricDirection.Maximize;

    IEnumerable<Setting?> ICallbackSettings.Settings()
    {
        var defaults = new PrecisionAtRecallAttribute(Recall);
        yield return Setting.Positional(nameof(Recall), Recall);
        yield return Setting.IfChanged(nameof(Name), Name, defaults.Name);
        yield return Setting.IfChanged(nameof(NumThresholds), NumThresholds, defaults.NumThresholds);
    }

    IEnumerable<SettingProblem?> ICallbackSettings.Problems()
    {
        yield return SettingProblem.Unless(Recall >= 0 && Recall <= 1, nameof(Recall), Recall, "a recall lies between 0 and 1, as in Keras");
        yield return SettingProblem.Unless(NumThresholds > 1, nameof(NumThresholds), NumThresholds, "at least two thresholds are needed, as in Keras");
    }
}
