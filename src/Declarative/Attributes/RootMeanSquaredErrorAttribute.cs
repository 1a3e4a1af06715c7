// Shared by the runtime library and the source generator (linked into both), so it stays netstandard2.0-compatible.
#nullable enable

using System;
using System.Collections.Generic;

namespace Declarative;

/// <summary>
/// Adds the <c>root_mean_squared_error</c> metric (and <c>val_root_mean_squared_error</c>), as Keras's <c>RootMeanSquaredError</c>:
/// the square root of the mean of <c>(output - target)²</c> over all elements of the epoch (the root of the epoch's mean, not a mean of batches' roots). Minimised. The metric: <see cref="Metrics.RootMeanSquaredError"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class RootMeanSquaredErrorAttribute : Attribute, IMetricSettings
{
    /// <summary>The metric's name in the logs, and with <c>val_</c> its twin's; default <c>root_mean_squared_error</c>.</summary>
    public string Name { get; set; } = "root_mean_squared_error";

    MetricDirection IMetricSettings.Direction => MetricDirection.Minimize;

    IEnumerable<Setting?> ICallbackSettings.Settings()
    {
        var defaults = new RootMeanSquaredErrorAttribute();
        yield return Setting.IfChanged(nameof(Name), Name, defaults.Name);
    }

    IEnumerable<SettingProblem?> ICallbackSettings.Problems()
    {
        yield break;
    }
}
