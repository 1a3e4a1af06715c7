// Shared by the runtime library and the source generator (linked into both), so it stays netstandard2.0-compatible.
#nullable enable

namespace Declarative.Metrics;

/// <summary>Where a metric's values come from, which decides whether it has a <c>val_</c> twin and where the logs list it.</summary>
public enum MetricSource
{
    /// <summary>The loss of every batch (training and validation), the first metric of every model.</summary>
    Loss,

    /// <summary>What each batch gives (its output and target, or its step's result), in training and validation: it has a <c>val_</c> twin.</summary>
    Batches,

    /// <summary>The gradients' norm at each optimizer step (<c>grad_norm</c>): a value of training only.</summary>
    GradientNorm,

    /// <summary>The optimizer's learning rate when the logs are made (<c>learning_rate</c>): a value of the run, listed after the <c>val_</c> twins.</summary>
    LearningRate,

    /// <summary>Training samples per second over the epoch's training batches (<c>samples_per_second</c>, <c>[Throughput]</c>): a value of the run.</summary>
    SamplesPerSecond,

    /// <summary>Training batches per second over the epoch's training batches (<c>batches_per_second</c>, <c>[Throughput]</c>): a value of the run.</summary>
    BatchesPerSecond,
}

/// <summary>What each source means for a metric's place in the logs: the one statement of it, for the runtime and the generator.</summary>
internal static class MetricSources
{
    /// <summary>Whether its metric has a <c>val_</c> twin: the loss and the metrics of batches.</summary>
    public static bool HasValidation(this MetricSource source) => source is MetricSource.Loss or MetricSource.Batches;

    /// <summary>
    /// Whether its metric is a value of the run rather than of the batches (the learning rate, the throughput): listed
    /// after the <c>val_</c> twins, read at epoch ends only (not a batch-level monitor), not shown on the progress bar.
    /// </summary>
    public static bool IsRunValue(this MetricSource source) =>
        source is MetricSource.LearningRate or MetricSource.SamplesPerSecond or MetricSource.BatchesPerSecond;
}
