// Shared by the runtime library and the source generator (linked into both), so it stays netstandard2.0-compatible.
#nullable enable

using System;

namespace Declarative;

/// <summary>
/// Adds a metric of one's own that keeps state over the epoch (and its <c>val_</c> twin): a class deriving from
/// <see cref="Metrics.StatefulMetric"/> with a public constructor taking the <c>Device</c>. The generated code constructs
/// one for training and one for validation, calls its <c>Add(output, target)</c> (which calls its <c>Update</c>) on
/// each batch directly (no reflection, no interface dispatch), reads it once per epoch, and saves its state in backups.
/// </summary>
/// <example><code>[CustomMetric(typeof(MeanIoU), Name = "mean_iou", Direction = MetricDirection.Maximize)]</code></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class CustomMetricAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    public CustomMetricAttribute(Type metricType) => MetricType = metricType;

    /// <summary>The metric's type, deriving from <see cref="Metrics.StatefulMetric"/>.</summary>
    public Type MetricType { get; }

    /// <summary>The metric's name in the logs and file names; default: the type's name in snake_case (<c>MeanIou</c> → <c>mean_iou</c>).</summary>
    public string? Name { get; set; }

    /// <summary>Whether smaller or larger is better. Monitoring a metric with <see cref="MetricDirection.Unknown"/> direction needs an explicit mode.</summary>
    public MetricDirection Direction { get; set; }
}
