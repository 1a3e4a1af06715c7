using System.Linq;
using Declarative.Generators.Diagnostics;
using Declarative.Generators.Models;
using Declarative.Metrics;
using Microsoft.CodeAnalysis;

namespace Declarative.Generators.Parsing;

/// <summary>
/// Resolves a callback's <c>Monitor</c> and <c>Mode</c> against the metrics the model produces, at compile time:
/// the name must exist at the level the callback runs at, and the direction must be known and not contradicted
/// (<see cref="MetricDirections.Resolve"/>, the rule the runtime applies too).
/// </summary>
internal static class MonitorResolver
{
    public static MonitorSpec? Resolve(AttributeReader reader, ReadContext context, MonitorAttribute settings, bool batchLevel)
    {
        var name = settings.Monitor ?? string.Empty;
        var catalog = context.Metrics;
        Location? Where() => reader.Has(nameof(MonitorAttribute.Monitor)) ? reader.Location(nameof(MonitorAttribute.Monitor)) : reader.Location();
        if (!catalog.TryResolve(name, out var metric))
        {
            var available = (batchLevel ? catalog.BatchNames : catalog.EpochNames).ToList();
            var closest = Naming.ClosestMatch(name, available);
            var candidates = FixProperties.OfCandidates(Naming.ByCloseness(name, available).Take(3));
            context.Problems.Report(DiagnosticDescriptors.UnknownMonitor, Where, candidates, name, closest is null ? string.Empty : $" (did you mean '{closest}'?)", string.Join(", ", available));
            return null;
        }

        if (batchLevel && (metric.IsValidation || metric.Name == MetricNames.LearningRate))
        {
            context.Problems.Report(DiagnosticDescriptors.WrongLevel, Where, name, "to batch-level saves (SaveFrequency)", "they see running training metrics only; monitor one of them (e.g. 'loss') or save at epoch ends");
            return null;
        }

        if (metric.IsValidation && !Rules.CanValidate(context, name, Where)) return null;
        var mode = settings.Mode;
        if (MetricDirections.Resolve(mode, metric.Direction, out var problem) is { } direction) return new MonitorSpec(name, metric.Member, metric.IsValidation, direction);
        switch (problem)
        {
            case DirectionProblem.InvalidMode:
                context.Problems.Report(DiagnosticDescriptors.ValueOutOfRange, () => reader.Location(nameof(MonitorAttribute.Mode)), nameof(MonitorAttribute.Mode), (int)mode, "use MonitorMode.Auto, Min or Max");
                break;
            case DirectionProblem.NotDeclared:
                var hint = metric.Name == MetricNames.LearningRate ? string.Empty : ", or declare the metric's Direction";
                context.Problems.Report(DiagnosticDescriptors.UnknownDirection, Where, name, hint);
                break;
            default:
                var requested = MetricDirections.Of(mode);
                context.Problems.Report(
                    DiagnosticDescriptors.ModeContradictsDirection,
                    () => reader.Location(nameof(MonitorAttribute.Mode)),
                    "MonitorMode." + mode,
                    requested == MetricDirection.Minimize ? "a smaller" : "a larger",
                    name,
                    MetricDirections.Verb(metric.Direction));
                break;
        }

        return null;
    }
}
