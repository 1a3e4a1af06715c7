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

    /// <summary>How the classes of a multi-class or multi-label output combine; default <see cref="MetricAverage.Micro"/>, every element one decision (Keras's only way).</summary>
    public MetricAverage Average { get; set; }

    /// <summary>The number of classes (the output's last dimension), which <see cref="MetricAverage.Macro"/> and <see cref="MetricAverage.Weighted"/> need; 0 (the default) when not averaging per class.</summary>
    public int Classes { get; set; }

    /// <summary>Only this class's column of the output and target counts (Keras's <c>class_id</c>); -1 (the default) for every class.</summary>
    public int ClassId { get; set; } = -1;

    MetricDirection IMetricSettings.Direction => MetricDirection.Maximize;

    IEnumerable<Setting?> ICallbackSettings.Settings()
    {
        var defaults = new RecallAttribute();
        yield return Setting.IfChanged(nameof(Name), Name, defaults.Name);
        yield return Setting.IfChanged(nameof(Threshold), Threshold, defaults.Threshold);
        yield return Setting.IfChanged(nameof(Average), Average, defaults.Average);
        yield return Setting.IfChanged(nameof(Classes), Classes, defaults.Classes);
        yield return Setting.IfChanged(nameof(ClassId), ClassId, defaults.ClassId);
    }

    IEnumerable<SettingProblem?> ICallbackSettings.Problems() => ClassificationRules.Problems(Threshold, thresholdOptional: false, Average, Classes, ClassId);
}
