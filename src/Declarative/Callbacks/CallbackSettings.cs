using System;
using Declarative.Metrics;
using Declarative.Training;

namespace Declarative.Callbacks;

/// <summary>
/// What every callback does with its attribute when it is constructed: check the settings' ranges (the same rules the
/// compiler applies to the attribute) and, for a callback that watches a metric, tie the settings to its monitor.
/// </summary>
internal static class CallbackSettings
{
    /// <summary>Throws for the first setting out of its range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range; the message says which and why.</exception>
    public static void Check(ICallbackSettings settings)
    {
        foreach (var problem in SettingsText.Present(settings.Problems()))
            throw new ArgumentOutOfRangeException(nameof(settings), problem.Value, $"[{SettingsText.Name(settings)}] {problem}.");
    }

    /// <summary>
    /// The settings as they apply to <typeparamref name="TMonitor"/>: its metric's name as the monitor (settings constructed
    /// in code need not repeat it), checked against the name they give if they give one.
    /// </summary>
    /// <exception cref="ArgumentException">The settings name another metric than <typeparamref name="TMonitor"/> reads.</exception>
    public static TSettings Monitoring<TLogs, TMonitor, TSettings>(TSettings settings)
        where TLogs : struct, ITrainingLogs<TLogs>
        where TMonitor : struct, IMonitor<TLogs>
        where TSettings : MonitorAttribute, ICallbackSettings
    {
        Check(settings);
        if (!settings.IsMonitorSet) return settings.Monitoring<TSettings>(TMonitor.Name);
        if (settings.Monitor == TMonitor.Name) return settings;
        throw new ArgumentException(
            $"[{SettingsText.Name(settings)}] monitors '{settings.Monitor}', but the callback reads '{TMonitor.Name}' ({typeof(TMonitor).Name}); " +
            "close the callback over the monitor of the metric you mean, or leave Monitor unset.", nameof(settings));
    }

    /// <summary>The direction the callback compares in (see <see cref="MetricDirections.Resolve"/>).</summary>
    /// <exception cref="ArgumentException">Mode is Auto on a metric without a direction, or contradicts the declared one.</exception>
    public static MetricDirection Direction<TLogs, TMonitor>(MonitorAttribute settings)
        where TLogs : struct, ITrainingLogs<TLogs>
        where TMonitor : struct, IMonitor<TLogs>
    {
        if (MetricDirections.Resolve(settings.Mode, TMonitor.Direction, out var problem) is { } direction) return direction;
        throw new ArgumentException(MetricDirections.Explain(problem, settings.Mode, TMonitor.Direction, TMonitor.Name), nameof(settings));
    }
}
