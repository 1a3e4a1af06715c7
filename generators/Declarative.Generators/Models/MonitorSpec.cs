namespace Declarative.Generators.Models;

/// <summary>A monitored metric, resolved at compile time.</summary>
/// <param name="Name">The Keras name (<c>val_loss</c>).</param>
/// <param name="Member">The logs member read for it (<c>ValLoss</c>), also the name of its accessor in <c>Monitors</c>.</param>
/// <param name="IsValidation">Whether it exists only with validation data (nullable logs member).</param>
/// <param name="Direction">The resolved comparison direction (never Unknown).</param>
internal sealed record MonitorSpec(string Name, string Member, bool IsValidation, MetricDirection Direction);
