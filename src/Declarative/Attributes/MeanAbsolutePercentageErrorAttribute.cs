// Shared by the runtime library and the source generator (linked into both), so it stays netstandard2.0-compatible.
#nullable enable

using System;
using System.Collections.Generic;

namespace Declarative;

/// <summary>
/// Adds the <c>mean_absolute_percentage_error</c> metric (and <c>val_mean_absolute_percentage_error</c>), as Keras's <c>MeanAbsolutePercentageError</c>:
/// the mean of <c>100 × |target - output| / max(|target|, 1e-7)</c> over all elements of the epoch. Minimised. The metric: <see cref="Metrics.MeanAbsolutePercentageError"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class MeanAbsolutePercentageErrorAttribute : Attribute, IMetricSettings
{
    /// <summary>The metric's name in the logs, and with <c>val_</c> its twin's; default <c>mean_absolute_percentage_error</c>.</summary>
    public string Name { get; set; } = "mean_absolute_percentage_error";

    MetricDirection IMetricSettings.Direction => MetricDirection.Minimize;

    IEnumerable<Setting?> ICallbackSettings.Settings()
    {
        var defaults = new MeanAbsolutePercentageErrorAttribute();
        yield return Setting.IfChanged(nameof(Name), Name, defaults.Name);
    }

    IEnumerable<SettingProblem?> ICallbackSettings.Problems()
    {
        yield break;
    }
}
