// Shared by the runtime library and the source generator (linked into both), so it stays netstandard2.0-compatible.
#nullable enable

using System;
using System.Collections.Generic;

namespace Declarative;

/// <summary>
/// Adds the <c>precision</c> metric (and <c>val_precision</c>), as Keras's <c>Precision</c>: of the elements predicted
/// positive (output above <see cref="Threshold"/>), the fraction whose target is positive (not 0), TP / (TP + FP), counted
/// over the whole epoch (never an average of batches), 0 when nothing was predicted positive. Maximised. The metric:
/// <see cref="Metrics.Precision"/>.
/// </summary>
/// <example><code>[Precision(Threshold = 0.3, Name = "precision_at_03")]</code></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class PrecisionAttribute : Attribute, IMetricSettings
{
    /// <summary>The metric's name in the logs, and with <c>val_</c> its twin's; default <c>precision</c>.</summary>
    public string Name { get; set; } = "precision";

    /// <summary>An output above it is predicted positive (an output equal to it is not); between 0 and 1, default 0.5. Use probabilities (after a sigmoid).</summary>
    public double Threshold { get; set; } = 0.5;

    MetricDirection IMetricSettings.Direction => MetricDirection.Maximize;

    IEnumerable<Setting?> ICallbackSettings.Settings()
    {
        var defaults = new PrecisionAttribute();
        yield return Setting.IfChanged(nameof(Name), Name, defaults.Name);
        yield return Setting.IfChanged(nameof(Threshold), Threshold, defaults.Threshold);
    }

    IEnumerable<SettingProblem?> ICallbackSettings.Problems()
    {
        yield return SettingProblem.Unless(Threshold >= 0 && Threshold <= 1, nameof(Threshold), Threshold, "a threshold lies between 0 and 1 (the outputs are probabilities), as in Keras");
    }
}
