// Shared by the runtime library and the source generator (linked into both), so it stays netstandard2.0-compatible.
#nullable enable

using System;
using System.Collections.Generic;

namespace Declarative;

/// <summary>
/// Adds the <c>accuracy</c> metric (and <c>val_accuracy</c>): the fraction of samples whose highest-scoring class
/// (argmax over the last dimension of the output) equals the target. Targets are class indices, or one-hot/probability
/// rows of the output's shape (then their argmax is compared). Maximised. The metric: <see cref="Metrics.Accuracy"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class AccuracyAttribute : Attribute, IMetricSettings
{
    /// <summary>The metric's name in the logs, and with <c>val_</c> its twin's; default <c>accuracy</c>.</summary>
    public string Name { get; set; } = "accuracy";

    MetricDirection IMetricSettings.Direction => MetricDirection.Maximize;

    IEnumerable<Setting?> ICallbackSettings.Settings()
    {
        var defaults = new AccuracyAttribute();
        yield return Setting.IfChanged(nameof(Name), Name, defaults.Name);
    }

    IEnumerable<SettingProblem?> ICallbackSettings.Problems()
    {
        yield break;
    }
}
