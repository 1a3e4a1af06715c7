// Shared by the runtime library and the source generator (linked into both), so it stays netstandard2.0-compatible.
#nullable enable

using System;
using System.Collections.Generic;

namespace Declarative;

/// <summary>
/// Adds the <c>recall</c> metric (and <c>val_recall</c>), as Keras's <c>Recall</c>: of the elements whose target is
/// positive (not 0), the fraction predicted positive (output above <see cref="Threshold"/>), TP / (TP + FN), counted over
/// the whole epoch (never an average of batches), 0 when no target was positive. Maximised. The metric:
/// <see cref="Metrics.Recall"/>.
/// </summary>
/// <example><code>[Recall(Threshold = 0.3, Name = "recall_at_03")]</code></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class RecallAttribute : Attribute, IMetricSettings
{
    /// <summary>The metric's name in the logs, and with <c>val_</c> its twin's; default <c>recall</c>.</summary>
    public string Name { get; set; } = "recall";

    /// <summary>An output above it is predicted positive (an output equal to it is not); between 0 and 1, default 0.5. Use probabilities (after a sigmoid).</summary>
    public double Threshold { get; set; } = 0.5;

    MetricDirection IMetricSettings.Direction => MetricDirection.Maximize;

    IEnumerable<Setting?> ICallbackSettings.Settings()
    {
        var defaults = new RecallAttribute();
        yield return Setting.IfChanged(nameof(Name), Name, defaults.Name);
        yield return Setting.IfChanged(nameof(Threshold), Threshold, defaults.Threshold);
    }

    IEnumerable<SettingProblem?> ICallbackSettings.Problems()
    {
        yield return SettingProblem.Unless(Threshold >= 0 && Threshold <= 1, nameof(Threshold), Threshold, "a threshold lies between 0 and 1 (the outputs are probabilities), as in Keras");
    }
}
