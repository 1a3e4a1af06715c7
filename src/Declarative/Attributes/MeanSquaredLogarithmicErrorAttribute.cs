// Shared by the runtime library and the source generator (linked into both), so it stays netstandard2.0-compatible.
#nullable enable

using System;
using System.Collections.Generic;

namespace Declarative;

/// <summary>
/// Adds the <c>mean_squared_logarithmic_error</c> metric (and <c>val_mean_squared_logarithmic_error</c>), as Keras's <c>MeanSquaredLogarithmicError</c>:
/// the mean of <c>(log(max(output, 1e-7) + 1) - log(max(target, 1e-7) + 1))²</c> over all elements of the epoch. Minimised. The metric: <see cref="Metrics.MeanSquaredLogarithmicError"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class MeanSquaredLogarithmicErrorAttribute : Attribute, IMetricSettings
{
    /// <summary>The metric's name in the logs, and with <c>val_</c> its twin's; default <c>mean_squared_logarithmic_error</c>.</summary>
    public string Name { get; set; } = "mean_squared_logarithmic_error";

    MetricDirection IMetricSettings.Direction => MetricDirection.Minimize;

    IEnumerable<Setting?> ICallbackSettings.Settings()
    {
        var defaults = new MeanSquaredLogarithmicErrorAttribute();
        yield return Setting.IfChanged(nameof(Name), Name, defaults.Name);
    }

    IEnumerable<SettingProblem?> ICallbackSettings.Problems()
    {
        yield break;
    }
}
