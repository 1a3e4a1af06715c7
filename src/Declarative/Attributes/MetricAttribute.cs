// Shared by the runtime library and the source generator (linked into both), so it stays netstandard2.0-compatible.
#nullable enable

using System;

namespace Declarative;

/// <summary>
/// Declares a method of the model as a metric, computed on every training and validation batch
/// (and reported as <c>name</c> and <c>val_name</c>).
/// </summary>
/// <remarks>
/// The method has the signature <c>Tensor Name(Tensor output, Tensor target)</c> (static or instance) and returns the
/// metric's values for the batch: one per sample (or per element), or a single value for the whole batch. As in Keras,
/// the epoch's value is the mean of everything returned during the epoch (sum divided by element count), accumulated
/// on the device and read once per epoch. The method runs under <c>no_grad</c>, inside the batch's dispose scope.
/// </remarks>
/// <example><code>[Metric(Name = "top2_accuracy", Direction = MetricDirection.Maximize)]
/// static Tensor Top2(Tensor output, Tensor target) => ...;</code></example>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class MetricAttribute : Attribute
{
    /// <summary>The metric's name in logs and file names; default: the method name in snake_case (<c>TopK</c> → <c>top_k</c>).</summary>
    public string? Name { get; set; }

    /// <summary>Whether smaller or larger is better. Monitoring a metric with <see cref="MetricDirection.Unknown"/> direction needs an explicit mode.</summary>
    public MetricDirection Direction { get; set; }
}
