using System.Collections.Generic;
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
            ReportUnknown(name, (batchLevel ? catalog.BatchNames : catalog.EpochNames).ToList(), context, Where);
            return null;
        }

        if (batchLevel && (metric.IsValidation || metric.IsRunValue))
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
                var hint = metric.IsRunValue ? string.Empty : ", or declare the metric's Direction";
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

    // Keras's short names for its metrics, and the names Declarative gives them.
    private static readonly Dictionary<string, string> KerasAliases = new()
    {
        ["acc"] = "accuracy",
        ["binary_acc"] = "binary_accuracy",
        ["mae"] = "mean_absolute_error",
        ["mse"] = "mean_squared_error",
    };

    // DCB0004, teaching what the name means: a Keras alias names Declarative's metric; a built-in metric's name (or a
    // throughput value's) says which attribute provides it; otherwise the closest names. The fixes: use a name offered,
    // or declare the attribute.
    private static void ReportUnknown(string name, List<string> available, ReadContext context, System.Func<Location?> where)
    {
        var bare = MetricNames.Training(name);
        var meant = KerasAliases.TryGetValue(bare, out var full) ? (MetricNames.IsValidation(name) ? MetricNames.Validation(full) : full) : null;
        var builtIn = MetricKinds.All.FirstOrDefault(k => k.DefaultName == (full ?? bare));
        var provider = builtIn?.Attribute ?? (name is MetricNames.SamplesPerSecond or MetricNames.BatchesPerSecond ? typeof(ThroughputAttribute) : null);
        var candidates = meant is not null && available.Contains(meant) ? [meant] : Naming.ByCloseness(name, available).Take(3).ToList();
        var properties = FixProperties.OfCandidates(candidates);
        string hint;
        if (meant is not null && available.Contains(meant)) hint = $" ('{bare}' is Keras's short name; Declarative calls it '{meant}')";
        else if (provider is not null)
        {
            var attribute = SettingsText.Name(provider.Name);
            // A derived model's metrics are its base's (DCB0033): the advice names the model to declare it on.
            var derived = !SymbolEqualityComparer.Default.Equals(context.Model, context.Root);
            var onModel = derived ? $"{context.Root.Name}, the model {context.Model.Name} derives from (a derived model's metrics are declared there)," : "the model";
            hint = (meant is null ? string.Empty : $" ('{bare}' is Keras's short name for '{builtIn!.DefaultName}')") + $"; declaring [{attribute}] on {onModel} provides '{meant ?? name}'";
            if (!derived) properties = properties.Add(FixProperties.Attribute, attribute);
        }
        else hint = Naming.ClosestMatch(name, available) is { } closest ? $" (did you mean '{closest}'?)" : string.Empty;

        context.Problems.Report(DiagnosticDescriptors.UnknownMonitor, where, properties, name, hint, string.Join(", ", available));
    }
}
