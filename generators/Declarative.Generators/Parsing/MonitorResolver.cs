using System.Linq;
using Declarative.Generators.Diagnostics;
using Declarative.Generators.Models;
using Microsoft.CodeAnalysis;

namespace Declarative.Generators.Parsing;

/// <summary>
/// Resolves a callback's <c>Monitor</c> and <c>Mode</c> against the metrics the model produces, at compile time:
/// the name must exist at the level the callback runs at, and the direction must be known and not contradicted.
/// </summary>
internal static class MonitorResolver
{
    public static MonitorSpec? Resolve(AttributeReader reader, ReadContext context, bool batchLevel)
    {
        var name = reader.Get("Monitor", "val_loss") ?? string.Empty;
        var mode = reader.Get("Mode", 0);
        var catalog = context.Metrics;
        Location? Where() => reader.Has("Monitor") ? reader.Location("Monitor") : reader.Data.ApplicationSyntaxReference?.GetSyntax().GetLocation();
        if (!catalog.TryResolve(name, out var metric))
        {
            var available = (batchLevel ? catalog.BatchNames : catalog.EpochNames).ToList();
            var closest = Naming.ClosestMatch(name, available);
            var candidates = FixProperties.OfCandidates(Naming.ByCloseness(name, available).Take(3));
            context.Problems.Report(DiagnosticDescriptors.UnknownMonitor, Where, candidates, name, closest is null ? string.Empty : $" (did you mean '{closest}'?)", string.Join(", ", available));
            return null;
        }

        if (batchLevel && (metric.IsValidation || metric.Name == MetricCatalog.LearningRate))
        {
            context.Problems.Report(DiagnosticDescriptors.WrongLevel, Where, name, "to batch-level saves (SaveFrequency)", "they see running training metrics only; monitor one of them (e.g. 'loss') or save at epoch ends");
            return null;
        }

        if (mode < 0 || mode > 2)
        {
            context.Problems.Report(DiagnosticDescriptors.ValueOutOfRange, () => reader.Location("Mode"), "Mode", mode, "use MonitorMode.Auto, Min or Max");
            return null;
        }

        if (mode == 0)
        {
            if (metric.Direction != Direction.Unknown) return new MonitorSpec(name, metric.Member, metric.IsValidation, metric.Direction);
            var hint = metric.Name == MetricCatalog.LearningRate ? string.Empty : ", or declare the metric's Direction";
            context.Problems.Report(DiagnosticDescriptors.UnknownDirection, Where, name, hint);
            return null;
        }

        var requested = (Direction)mode;
        if (metric.Direction != Direction.Unknown && metric.Direction != requested)
        {
            context.Problems.Report(
                DiagnosticDescriptors.ModeContradictsDirection,
                () => reader.Location("Mode"),
                requested == Direction.Minimize ? "MonitorMode.Min" : "MonitorMode.Max",
                requested == Direction.Minimize ? "a smaller" : "a larger",
                name,
                metric.Direction == Direction.Minimize ? "minimize" : "maximize");
            return null;
        }

        return new MonitorSpec(name, metric.Member, metric.IsValidation, requested);
    }
}
