// Shared by the runtime library and the source generator (linked into both), so it stays netstandard2.0-compatible.
#nullable enable

using System;
using System.Collections.Generic;

namespace Declarative;

/// <summary>
/// Adds the <c>recall_at_precision</c> metric (and <c>val_recall_at_precision</c>), as Keras's <c>RecallAtPrecision</c>: the best recall over the epoch's
/// elements at any of <see cref="NumThresholds"/> thresholds spread evenly over [0, 1] whose precision is at least
/// <see cref="Precision"/> (0 when none is). Maximised. The metric: <see cref="Metrics.RecallAtPrecision"/>.
/// </summary>
/// <example><code>[RecallAtPrecision(0.8)]</code></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class RecallAtPrecisionAttribute : Attribute, IMetricSettings
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="precision">The precision a threshold must reach, between 0 and 1.</param>
    public RecallAtPrecisionAttribute(double precision) => Precision = precision;

    /// <summary>The precision a threshold must reach, between 0 and 1.</summary>
    public double Precision { get; }

    /// <summary>The metric's name in the logs, and with <c>val_</c> its twin's; default <c>recall_at_precision</c>.</summary>
    public string Name { get; set; } = "recall_at_precision";

    /// <summary>How many thresholds are tried; more than 1, default 200 (Keras's).</summary>
    public int NumThresholds { get; set; } = 200;

    MetricDirection IMetricSettings.Direction => MetricDirection.Maximize;

    IEnumerable<Setting?> ICallbackSettings.Settings()
    {
        var defaults = new RecallAtPrecisionAttribute(Precision);
        yield return Setting.Positional(nameof(Precision), Precision);
        yield return Setting.IfChanged(nameof(Name), Name, defaults.Name);
        yield return Setting.IfChanged(nameof(NumThresholds), NumThresholds, defaults.NumThresholds);
    }

    IEnumerable<SettingProblem?> ICallbackSettings.Problems()
    {
        yield return SettingProblem.Unless(Precision >= 0 && Precision <= 1, nameof(Precision), Precision, "a precision lies between 0 and 1, as in Keras");
        yield return SettingProblem.Unless(NumThresholds > 1, nameof(NumThresholds), NumThresholds, "at least two thresholds are needed, as in Keras");
    }
}
