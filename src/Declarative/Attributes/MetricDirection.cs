// Shared by the runtime library and the source generator (linked into both), so it stays netstandard2.0-compatible.
#nullable enable

namespace Declarative;

/// <summary>Whether a smaller or a larger value of a metric is better.</summary>
/// <remarks>
/// Unlike Keras, which guesses from the metric's name or object, the direction of every metric a model
/// produces is known at compile time: <c>loss</c> and every <c>*_loss</c> minimise, the built-in accuracy
/// metrics maximise, and a user metric states its own. Monitoring a metric of unknown direction requires
/// an explicit <see cref="MonitorMode"/>.
/// </remarks>
public enum MetricDirection
{
    /// <summary>The metric does not say; a callback monitoring it must set <see cref="MonitorMode.Min"/> or <see cref="MonitorMode.Max"/>.</summary>
    Unknown = 0,

    /// <summary>Smaller values are better (losses, errors).</summary>
    Minimize = 1,

    /// <summary>Larger values are better (accuracy, precision, AUC).</summary>
    Maximize = 2,
}
