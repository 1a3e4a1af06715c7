using System;
using System.Linq;
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

    /// <summary>The settings, when none is out of its range (for a constructor's base call).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="settings"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range; the message says which and why.</exception>
    public static TSettings Checked<TSettings>(TSettings settings) where TSettings : class, ICallbackSettings
    {
        ArgumentNullException.ThrowIfNull(settings);
        Check(settings);
        return settings;
    }

    /// <summary>
    /// The settings as they apply to <paramref name="monitor"/>: its name as the monitor (settings constructed in code
    /// need not repeat it), checked against the name they give if they give one.
    /// </summary>
    /// <exception cref="ArgumentException">The settings name another value than <paramref name="monitor"/>.</exception>
    public static TSettings Monitoring<TLogs, TSettings>(TSettings settings, Monitor<TLogs> monitor)
        where TLogs : struct, ITrainingLogs<TLogs>
        where TSettings : MonitorAttribute, ICallbackSettings
    {
        ArgumentNullException.ThrowIfNull(monitor);
        Check(settings);
        if (!settings.IsMonitorSet) return settings.Monitoring<TSettings>(monitor.Name);
        if (settings.Monitor == monitor.Name) return settings;
        var logs = typeof(TLogs).Name;
        throw new ArgumentException(
            $"[{SettingsText.Name(settings)}] sets Monitor = \"{settings.Monitor}\", but the callback is given the monitor {logs}.Monitors.{Member(monitor.Name)} ('{monitor.Name}'). " +
            $"Leave Monitor out of the settings: the monitor argument says what the callback watches (new({logs}.Monitors.{Member(settings.Monitor)}, settings), if '{settings.Monitor}' is the value you mean).",
            nameof(settings));
    }

    /// <summary>The direction the callback compares in (see <see cref="MetricDirections.Resolve"/>).</summary>
    /// <exception cref="ArgumentException">Mode is Auto on a metric without a direction, or contradicts the declared one.</exception>
    public static MetricDirection Direction<TLogs>(MonitorAttribute settings, Monitor<TLogs> monitor)
        where TLogs : struct, ITrainingLogs<TLogs>
    {
        if (MetricDirections.Resolve(settings.Mode, monitor.Direction, out var problem) is { } direction) return direction;
        throw new ArgumentException(MetricDirections.Explain(problem, settings.Mode, monitor.Direction, monitor.Name), nameof(settings));
    }

    // val_loss → ValLoss, as the generated logs type names its members.
    private static string Member(string name) => string.Concat(name.Split('_', StringSplitOptions.RemoveEmptyEntries).Select(part => char.ToUpperInvariant(part[0]) + part[1..]));
}
