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
}
