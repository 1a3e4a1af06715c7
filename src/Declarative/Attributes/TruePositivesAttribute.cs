// Shared by the runtime library and the source generator (linked into both), so it stays netstandard2.0-compatible.
#nullable enable

using System;
using System.Collections.Generic;

namespace Declarative;

/// <summary>
/// Adds the <c>true_positives</c> metric (and <c>val_true_positives</c>), as Keras's <c>TruePositives</c>: how many elements of the epoch were
/// predicted positive (output above <see cref="Threshold"/> for positive) with a target that is positive. Maximised.
/// The metric: <see cref="Metrics.TruePositives"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class TruePositivesAttribute : Attribute, IMetricSettings
{
    /// <summary>The metric's name in the logs, and with <c>val_</c> its twin's; default <c>true_positives</c>.</summary>
    public string Name { get; set; } = "true_positives";

    /// <summary>An output above it is predicted positive (an output equal to it is not); between 0 and 1, default 0.5.</summary>
    public double Threshold { get; set; } = 0.5;

    MetricDirection IMetricSettings.Direction => MetricDirection.Maximize;

    IEnumerable<Setting?> ICallbackSettings.Settings()
    {
        var defaults = new TruePositivesAttribute();
        yield return Setting.IfChanged(nameof(Name), Name, defaults.Name);
        yield return Setting.IfChanged(nameof(Threshold), Threshold, defaults.Threshold);
    }

    IEnumerable<SettingProblem?> ICallbackSettings.Problems()
    {
        yield return SettingProblem.Unless(Threshold >= 0 && Threshold <= 1, nameof(Threshold), Threshold, "a threshold lies between 0 and 1 (the outputs are probabilities), as in Keras");
    }
}
