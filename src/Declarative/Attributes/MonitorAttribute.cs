// Shared by the runtime library and the source generator (linked into both), so it stays netstandard2.0-compatible.
#nullable enable

using System;
using Declarative.Metrics;

namespace Declarative;

/// <summary>
/// The base of the attributes whose callback watches one metric (<see cref="EarlyStoppingAttribute"/>,
/// <see cref="ModelCheckpointAttribute"/>, <see cref="ReduceLROnPlateauAttribute"/>): which metric, and whether a
/// smaller or a larger value is an improvement.
/// </summary>
public abstract class MonitorAttribute : Attribute
{
    private string? _monitor;

    /// <summary>
    /// The metric to monitor, by its Keras name (<c>val_loss</c>, <c>accuracy</c>, ...). Default <c>val_loss</c>.
    /// A callback constructed in code watches the monitor it is given (<c>NetLogs.Monitors.ValAccuracy</c>, typed and
    /// checked by the compiler); leave this unset then.
    /// </summary>
    public string Monitor
    {
        get => _monitor ?? MetricNames.ValidationLoss;
        set => _monitor = value;
    }

    /// <summary>Whether smaller or larger is better; <see cref="MonitorMode.Auto"/> takes it from the metric's declaration.</summary>
    public MonitorMode Mode { get; set; }

    /// <summary>Whether <see cref="Monitor"/> was set rather than left at its default.</summary>
    internal bool IsMonitorSet => _monitor is not null;

    /// <summary>A copy that monitors <paramref name="monitor"/>, for a callback constructed in code whose settings leave it unset.</summary>
    internal TSelf Monitoring<TSelf>(string monitor) where TSelf : MonitorAttribute
    {
        var copy = (TSelf)MemberwiseClone();
        copy._monitor = monitor;
        return copy;
    }
}
