// Shared by the runtime library and the source generator (linked into both), so it stays netstandard2.0-compatible.
#nullable enable

using System;
using System.Collections.Generic;

namespace Declarative;

/// <summary>
/// Adds the <c>top_k_categorical_accuracy</c> metric (and its <c>val_</c> twin), as Keras's
/// <c>TopKCategoricalAccuracy</c> and <c>SparseTopKCategoricalAccuracy</c> in one: the fraction of samples whose target
/// class is among the <see cref="K"/> highest outputs (argmax over the last dimension). Targets are class indices, or
/// one-hot rows of the output's shape (then their argmax is the class). A class tied with the K-th highest output
/// counts as among them (Keras's <c>in_top_k</c>). Maximised. The metric: <see cref="Metrics.TopKAccuracy"/>.
/// </summary>
/// <example><code>[TopKAccuracy(K = 3, Name = "top3_accuracy")]</code></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class TopKAccuracyAttribute : Attribute, IMetricSettings
{
    /// <summary>The metric's name in the logs, and with <c>val_</c> its twin's; default <c>top_k_categorical_accuracy</c>.</summary>
    public string Name { get; set; } = "top_k_categorical_accuracy";

    /// <summary>How many of the highest outputs count; at least 1, default 5 (Keras's). With as many classes or fewer, every sample counts.</summary>
    public int K { get; set; } = 5;

    MetricDirection IMetricSettings.Direction => MetricDirection.Maximize;

    IEnumerable<Setting?> ICallbackSettings.Settings()
    {
        var defaults = new TopKAccuracyAttribute();
        yield return Setting.IfChanged(nameof(Name), Name, defaults.Name);
        yield return Setting.IfChanged(nameof(K), K, defaults.K);
    }

    IEnumerable<SettingProblem?> ICallbackSettings.Problems()
    {
        yield return SettingProblem.Unless(K >= 1, nameof(K), K, "k counts the highest outputs and must be at least 1");
    }
}
