using Declarative.Metrics;

namespace Declarative.Generators.Models;

/// <summary>What a metric of batches is computed from.</summary>
internal enum MetricInput
{
    /// <summary>Nothing the step gives: the loop feeds it (the loss, the gradients' norm) or it is the run's (the learning rate).</summary>
    None,

    /// <summary>The batch's output and target (a built-in metric, a <c>[Metric]</c> method of (output, target)).</summary>
    OutputAndTarget,

    /// <summary>What the model's training step returns (a <c>[Metric]</c> method of it).</summary>
    Result,
}

/// <summary>A metric the model produces (those of batches also have a <c>val_</c> twin).</summary>
/// <param name="Name">The Keras name (<c>accuracy</c>).</param>
/// <param name="Member">The logs member (<c>Accuracy</c>).</param>
/// <param name="Source">Where its values come from: the loss, batches, the gradients' norm, the run (the learning rate, the throughput).</param>
/// <param name="Input">What a metric of batches is computed from.</param>
/// <param name="Accumulator">Its accumulator's construction from <c>device</c> (C#), or null for a running mean.</param>
/// <param name="Update">The statement that feeds it a batch, <c>{0}</c> standing for its accumulator (C#), or null when the loop feeds it.</param>
/// <param name="Origin">Where it comes from, for the plan and the configuration (<c>[Precision(Threshold = 0.3)]</c>).</param>
internal sealed record MetricSpec(
    string Name,
    string Member,
    MetricDirection Direction,
    MetricSource Source,
    MetricInput Input,
    string? Accumulator,
    string? Update,
    string Origin)
{
    /// <summary>Whether it has a <c>val_</c> twin (the loss and the metrics of batches).</summary>
    public bool HasValidation => Source.HasValidation();

    /// <summary>Whether it is a value of the run (the learning rate, the throughput), listed after the <c>val_</c> twins.</summary>
    public bool IsRunValue => Source.IsRunValue();
}
