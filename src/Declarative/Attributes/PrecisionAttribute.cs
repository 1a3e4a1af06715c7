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

    /// <summary>How the classes of a multi-class or multi-label output combine; default <see cref="MetricAverage.Micro"/>, every element one decision (Keras's only way).</summary>
    public MetricAverage Average { get; set; }

    /// <summary>The number of classes (the output's last dimension), which <see cref="MetricAverage.Macro"/> and <see cref="MetricAverage.Weighted"/> need; 0 (the default) when not averaging per class.</summary>
    public int Classes { get; set; }

    /// <summary>Only this class's column of the output and target counts (Keras's <c>class_id</c>); -1 (the default) for every class.</summary>
    public int ClassId { get; set; } = -1;

    MetricDirection IMetricSettings.Direction => MetricDirection.Maximize;

    IEnumerable<Setting?> ICallbackSettings.Settings()
    {
        var defaults = new PrecisionAttribute();
        yield return Setting.IfChanged(nameof(Name), Name, defaults.Name);
        yield return Setting.IfChanged(nameof(Threshold), Threshold, defaults.Threshold);
        yield return Setting.IfChanged(nameof(Average), Average, defaults.Average);
        yield return Setting.IfChanged(nameof(Classes), Classes, defaults.Classes);
        yield return Setting.IfChanged(nameof(ClassId), ClassId, defaults.ClassId);
    }

    IEnumerable<SettingProblem?> ICallbackSettings.Problems() => ClassificationRules.Problems(Threshold, thresholdOptional: false, Average, Classes, ClassId);
}
