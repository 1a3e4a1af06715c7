namespace Declarative.Metrics;

/// <summary>A metric a model produces: its Keras name (<c>loss</c>, <c>accuracy</c>, <c>val_loss</c>) and direction.</summary>
/// <param name="Name">The name in logs, History, CSV columns and file-name placeholders.</param>
/// <param name="Direction">Whether smaller or larger is better.</param>
/// <param name="HasValidation">Whether it has a <c>val_</c> twin: every metric but those of training only (<c>grad_norm</c>).</param>
public sealed record MetricInfo(string Name, MetricDirection Direction, bool HasValidation = true);
