using System.Collections.Generic;
using System.Linq;
using Declarative.Generators.Diagnostics;
using Declarative.Generators.Models;
using Microsoft.CodeAnalysis;

namespace Declarative.Generators.Parsing.Readers;

internal static class UserCallbackReader
{
    private static readonly SymbolDisplayFormat TypeName =
        SymbolDisplayFormat.FullyQualifiedFormat.WithGenericsOptions(SymbolDisplayGenericsOptions.None);

    public static UserCallbackSpec? Read(AttributeReader reader, ReadContext context, IReadOnlyList<UserCallbackSpec> previous)
    {
        if (reader.Constructor<ITypeSymbol?>(0, null) is not INamedTypeSymbol type) return null;
        var valid = Rules.Filter(reader, context, "EveryEpochs", "FromEpoch", out var everyEpochs, out var fromEpoch)
                  & Rules.Filter(reader, context, "EveryBatches", "FromEpoch", out var everyBatches, out _);

        var definition = type.OriginalDefinition;
        var open = type.IsUnboundGenericType;
        var problem = Problem(definition, open, context, out var hooks);
        if (problem is not null)
        {
            context.Problems.Report(DiagnosticDescriptors.InvalidCallbackType, () => reader.Location(0), definition.ToDisplayString(), problem);
            return null;
        }

        if (!valid) return null;
        var name = definition.Name;
        var property = Rules.PropertyName(name, previous.Count(c => c.Type.Substring(c.Type.LastIndexOf('.') + 1) == name));
        return new UserCallbackSpec(
            property,
            reader.Text(context.CancellationToken),
            definition.ToDisplayString(TypeName),
            open,
            hooks,
            new FilterSpec(everyEpochs, everyBatches, fromEpoch),
            definition.AllInterfaces.Any(i => i.ToDisplayString() == KnownNames.IPersistentState));
    }

    private static string? Problem(INamedTypeSymbol type, bool open, ReadContext context, out HookSet hooks)
    {
        hooks = HookSet.None;
        if (type.TypeKind != TypeKind.Class) return "it is not a class";
        if (type.IsAbstract || type.IsStatic) return "it is abstract or static; the generator creates an instance of it";
        if (type.IsGenericType && !open) return "pass the generic definition (typeof(Logger<>)); the generator closes it with the model's logs type";
        if (open && type.TypeParameters.Length != 1) return "a generic callback takes exactly one type parameter, the logs type";
        if (!type.InstanceConstructors.Any(c => c.Parameters.Length == 0 && c.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal))
            return "it has no parameterless constructor";

        foreach (var implemented in type.AllInterfaces)
        {
            var hook = implemented.OriginalDefinition.ToDisplayString() switch
            {
                KnownNames.IOnTrainBegin => HookSet.TrainBegin,
                KnownNames.IOnEpochBegin => HookSet.EpochBegin,
                KnownNames.IOnTrainBatchBegin => HookSet.TrainBatchBegin,
                KnownNames.IOnTrainBatchEnd => HookSet.TrainBatchEnd,
                KnownNames.IOnTrainBatchEndWithLogs => HookSet.TrainBatchEndWithLogs,
                KnownNames.IOnEpochEnd => HookSet.EpochEnd,
                KnownNames.IOnTrainEnd => HookSet.TrainEnd,
                _ => HookSet.None,
            };
            if (hook == HookSet.None) continue;
            if (implemented.IsGenericType)
            {
                var logs = implemented.TypeArguments[0];
                var fits = open ? SymbolEqualityComparer.Default.Equals(logs, type.TypeParameters[0]) : context.IsLogsType(logs);
                if (!fits) return $"it handles {logs.ToDisplayString()}, not this model's {context.LogsName}; implement the interface for {context.LogsName}, or make the callback generic over the logs type";
            }

            hooks |= hook;
        }

        return hooks == HookSet.None ? "it implements no hook interface (IOnTrainBegin, IOnEpochBegin, IOnTrainBatchBegin, IOnTrainBatchEnd, IOnEpochEnd<TLogs>, IOnTrainEnd)" : null;
    }
}
