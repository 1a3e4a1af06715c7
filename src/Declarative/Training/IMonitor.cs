using Declarative.Metrics;

namespace Declarative.Training;

/// <summary>
/// Reads one value of a model's logs: the generated accessor a monitoring callback is closed over
/// (<c>EarlyStopping&lt;NetLogs, NetLogs.Monitors.ValLoss&gt;</c>), so that the value is a direct member read the JIT
/// inlines, not a lookup by name. Each model's logs type has one per value in its nested <c>Monitors</c> class.
/// </summary>
/// <typeparam name="TLogs">The model's generated logs type.</typeparam>
public interface IMonitor<TLogs> where TLogs : struct, ITrainingLogs<TLogs>
{
    /// <summary>The value's Keras name (<c>val_loss</c>).</summary>
    static abstract string Name { get; }

    /// <summary>Whether smaller or larger is better, as the metric declares it (<see cref="MetricDirection.Unknown"/> when it does not).</summary>
    static abstract MetricDirection Direction { get; }

    /// <summary>The value, or null when the logs do not have it (a <c>val_*</c> value without validation data).</summary>
    static abstract double? Read(in TLogs logs);
}
