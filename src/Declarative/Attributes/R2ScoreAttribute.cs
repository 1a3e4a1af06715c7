// Shared by the runtime library and the source generator (linked into both), so it stays netstandard2.0-compatible.
#nullable enable

using System;
using System.Collections.Generic;

namespace Declarative;

/// <summary>How <c>[R2Score]</c> combines the scores of several outputs (Keras's <c>class_aggregation</c>).</summary>
public enum R2Aggregation
{
    /// <summary>The plain mean of the outputs' scores (Keras's <c>"uniform_average"</c>).</summary>
    UniformAverage,

    /// <summary>The outputs' scores weighted by their targets' variance (Keras's <c>"variance_weighted_average"</c>).</summary>
    VarianceWeightedAverage,
}

/// <summary>
/// Adds the <c>r2_score</c> metric (and <c>val_r2_score</c>), as Keras's <c>R2Score</c>: the coefficient of
/// determination over the epoch's samples, <c>1 - Σ(target - output)² / Σ(target - mean(target))²</c> per output
/// column (the last dimension; one for a 1-D output), combined by <see cref="ClassAggregation"/>. A column whose targets
/// do not vary scores 0 (Keras's answer to the division by zero). Maximised. The metric: <see cref="Metrics.R2Score"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class R2ScoreAttribute : Attribute, IMetricSettings
{
    /// <summary>The metric's name in the logs, and with <c>val_</c> its twin's; default <c>r2_score</c>.</summary>
    public string Name { get; set; } = "r2_score";

    /// <summary>How the outputs' scores combine; default <see cref="R2Aggregation.UniformAverage"/>.</summary>
    public R2Aggregation ClassAggregation { get; set; }

    /// <summary>The number of regressors, for the adjusted R² (Keras's <c>num_regressors</c>); 0, the default, for the plain one.</summary>
    public int NumRegressors { get; set; }

    MetricDirection IMetricSettings.Direction => MetricDirection.Maximize;

    IEnumerable<Setting?> ICallbackSettings.Settings()
    {
        var defaults = new R2ScoreAttribute();
        yield return Setting.IfChanged(nameof(Name), Name, defaults.Name);
        yield return Setting.IfChanged(nameof(ClassAggregation), ClassAggregation, defaults.ClassAggregation);
        yield return Setting.IfChanged(nameof(NumRegressors), NumRegressors, defaults.NumRegressors);
    }

    IEnumerable<SettingProblem?> ICallbackSettings.Problems()
    {
        yield return SettingProblem.Unless(ClassAggregation is R2Aggregation.UniformAverage or R2Aggregation.VarianceWeightedAverage, nameof(ClassAggregation), ClassAggregation, "it must be one of R2Aggregation's values");
        yield return SettingProblem.Unless(NumRegressors >= 0, nameof(NumRegressors), NumRegressors, "it counts regressors and cannot be negative, as in Keras");
    }
}
