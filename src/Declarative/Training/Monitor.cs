using Declarative.Metrics;

namespace Declarative.Training;

/// <summary>Reads one value of a model's logs (the generated <c>NetLogs.Monitors</c> write one per value).</summary>
/// <returns>The value, or null when the logs do not have it (a <c>val_*</c> value on an epoch without validation).</returns>
/// <remarks>Used by generated code; not meant to be used directly.</remarks>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public delegate double? LogsValue<TLogs>(in TLogs logs) where TLogs : struct, ITrainingLogs<TLogs>;

/// <summary>
/// A value of a model's logs that a callback can watch: <c>NetLogs.Monitors.ValLoss</c>, one per value of the model,
/// generated with the logs type. A monitoring callback takes it as its first argument
/// (<c>new EarlyStopping&lt;NetLogs&gt;(NetLogs.Monitors.ValAccuracy, new() { Patience = 3 })</c>), so a run can watch
/// another value than the one declared, and a misspelled or missing metric is a compile error: there is no lookup by name.
/// </summary>
/// <typeparam name="TLogs">The model's logs type.</typeparam>
public sealed class Monitor<TLogs> where TLogs : struct, ITrainingLogs<TLogs>
{
    private readonly LogsValue<TLogs> _read;

    /// <summary>Creates the monitor of one value (generated code does, for every value of the model's logs).</summary>
    /// <param name="name">The value's Keras name (<c>val_loss</c>).</param>
    /// <param name="direction">Whether smaller or larger is better, as the metric declares it.</param>
    /// <param name="read">Reads the value from the logs.</param>
    public Monitor(string name, MetricDirection direction, LogsValue<TLogs> read)
    {
        Name = name;
        Direction = direction;
        _read = read;
    }

    /// <summary>The value's Keras name (<c>val_loss</c>).</summary>
    public string Name { get; }

    /// <summary>Whether smaller or larger is better, as the metric declares it (<see cref="MetricDirection.Unknown"/> when it does not).</summary>
    public MetricDirection Direction { get; }

    /// <summary>Whether the value exists only with validation data (<c>val_*</c>).</summary>
    public bool IsValidation => MetricNames.IsValidation(Name);

    /// <summary>The value, or null when the logs do not have it (a <c>val_*</c> value without validation).</summary>
    public double? Read(in TLogs logs) => _read(in logs);

    /// <summary>The value's name.</summary>
    public override string ToString() => Name;
}
