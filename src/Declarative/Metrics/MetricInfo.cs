using System;
using Declarative.Training;
using static TorchSharp.torch;

namespace Declarative.Metrics;

/// <summary>
/// A metric a model produces: its Keras name (<c>loss</c>, <c>accuracy</c>, <c>learning_rate</c>), its direction, where
/// its values come from, and how it accumulates them. The generated logs type lists one per metric (<c>NetLogs.Metrics</c>).
/// </summary>
/// <param name="Name">The name in logs, History, CSV columns and file-name placeholders.</param>
/// <param name="Direction">Whether smaller or larger is better.</param>
/// <param name="Source">Where its values come from (which decides whether it has a <c>val_</c> twin).</param>
/// <param name="Accumulator">Creates its accumulator on a device, for a metric of batches; null for a running mean.</param>
public sealed record MetricInfo(string Name, MetricDirection Direction, MetricSource Source = MetricSource.Batches, Func<Device, MetricAccumulator>? Accumulator = null)
{
    /// <summary>Whether it has a <c>val_</c> twin: the loss and the metrics of batches, not the values of training only or of the run.</summary>
    public bool HasValidation => Source.HasValidation();

    /// <summary>Whether it is a value of the run (the learning rate, the throughput), listed after the <c>val_</c> twins.</summary>
    public bool IsRunValue => Source.IsRunValue();

    /// <summary>Its accumulator for a pass on <paramref name="device"/>; the run's value is read from <paramref name="session"/> (NaN without).</summary>
    internal MetricAccumulator CreateAccumulator(Device device, TrainingSession? session) => Source switch
    {
        MetricSource.LearningRate => new LearningRateValue(session),
        MetricSource.SamplesPerSecond => new ThroughputValue(session, perSample: true),
        MetricSource.BatchesPerSecond => new ThroughputValue(session, perSample: false),
        _ => Accumulator?.Invoke(device) ?? new RunningMean(device),
    };
}
