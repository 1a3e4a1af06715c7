// Shared by the runtime library and the source generator (linked into both), so it stays netstandard2.0-compatible.
#nullable enable

using System;
using System.Collections.Generic;

namespace Declarative;

/// <summary>
/// Adds the <c>cosine_similarity</c> metric (and <c>val_cosine_similarity</c>), as Keras's <c>CosineSimilarity</c>:
/// the mean over the epoch's samples of the cosine of the angle between output and target along the last dimension, each normalised as <c>x / sqrt(max(Σx², 1e-14))</c>. Maximised. The metric: <see cref="Metrics.CosineSimilarity"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class CosineSimilarityAttribute : Attribute, IMetricSettings
{
    /// <summary>The metric's name in the logs, and with <c>val_</c> its twin's; default <c>cosine_similarity</c>.</summary>
    public string Name { get; set; } = "cosine_similarity";

    MetricDirection IMetricSettings.Direction => MetricDirection.Maximize;

    IEnumerable<Setting?> ICallbackSettings.Settings()
    {
        var defaults = new CosineSimilarityAttribute();
        yield return Setting.IfChanged(nameof(Name), Name, defaults.Name);
    }

    IEnumerable<SettingProblem?> ICallbackSettings.Problems()
    {
        yield break;
    }
}
