using System.Collections.Generic;
using System.Linq;
using Declarative.Generators.Diagnostics;
using Declarative.Generators.Emitting;
using Declarative.Generators.Helpers;
using Declarative.Generators.Models;
using Declarative.Generators.Parsing;
using Declarative.Training;
using Microsoft.CodeAnalysis;

namespace Declarative.Generators.Callbacks;

/// <summary>Which hook interfaces a user callback implements.</summary>
[System.Flags]
internal enum HookSet
{
    None = 0,
    TrainBegin = 1,
    EpochBegin = 2,
    TrainBatchBegin = 4,
    TrainBatchEnd = 8,
    TrainBatchEndWithLogs = 16,
    EpochEnd = 32,
    TrainEnd = 64,
    TestBegin = 128,
    TestBatchBegin = 256,
    TestBatchEnd = 512,
    TestEnd = 1024,
    PredictBegin = 2048,
    PredictBatchBegin = 4096,
    PredictBatchEnd = 8192,
    PredictEnd = 16384,
}

/// <summary>One <c>[Callback(typeof(...))]</c>: a user-defined callback, with the hooks it implements.</summary>
/// <param name="Type">The fully qualified type, without type arguments.</param>
/// <param name="IsGeneric">Whether the type is generic over the logs type (closed with the model's logs type).</param>
/// <param name="IsPersistent">Whether it implements IPersistentState (its state goes into backups).</param>
internal sealed record UserCallbackSpec(string Property, string Description, EquatableArray<SettingCode> Settings, string Type, bool IsGeneric, HookSet Hooks, FilterSpec Filter, bool IsPersistent)
    : CallbackSpec(Property, Description, Settings);

/// <summary><c>[Callback(typeof(...))]</c>: the generated code calls exactly the hook interfaces the class implements.</summary>
internal static class UserCallback
{
    private static readonly SymbolDisplayFormat TypeName =
        SymbolDisplayFormat.FullyQualifiedFormat.WithGenericsOptions(SymbolDisplayGenericsOptions.None);

    public static UserCallbackSpec? Read(AttributeReader reader, ReadContext context)
    {
        if (reader.TypeArgument(0) is not INamedTypeSymbol type) return null;
        var settings = reader.Settings<CallbackAttribute>();
        var valid = Rules.InRange(reader, context, settings);

        var definition = type.OriginalDefinition;
        var open = type.IsUnboundGenericType;
        var problem = Problem(definition, open, context, out var hooks);
        if (problem is not null)
        {
            context.Problems.Report(DiagnosticDescriptors.InvalidCallbackType, () => reader.Location(0), definition.ToDisplayString(), problem);
            return null;
        }

        var persistent = definition.AllInterfaces.Any(i => i.ToDisplayString() == KnownNames.IPersistentState);
        if (!persistent && context.Model.GetAttributes().Any(a => AttributeNames.Is(a, BackupAttribute)) && StateFields(definition) is { Count: > 0 } fields)
        {
            var names = string.Join(", ", fields.Take(3)) + (fields.Count > 3 ? ", ..." : string.Empty);
            context.Problems.Report(DiagnosticDescriptors.CallbackStateNotBackedUp, () => reader.Location(0), definition.Name, names);
        }

        if (!valid) return null;
        settings.TypeName = type.ToDisplayString();
        var (description, code) = Rules.Describe(settings);
        return new UserCallbackSpec(
            context.PropertyName(definition.Name),
            description,
            code,
            definition.ToDisplayString(TypeName),
            open,
            hooks,
            new FilterSpec(settings.EveryEpochs, settings.EveryBatches, settings.FromEpoch),
            persistent);
    }

    private static readonly string BackupAttribute = typeof(BackupAndRestoreAttribute).FullName!;

    // DCB0032: the fields of a callback (and of its base classes) that a resume would reset: every field that can be
    // assigned, and read-only collections (which are filled). The session, handed over at every train begin, is not state.
    private static List<string> StateFields(INamedTypeSymbol type)
    {
        var fields = new List<string>();
        for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            foreach (var field in current.GetMembers().OfType<IFieldSymbol>())
            {
                if (field.IsStatic || field.IsConst || field.Type.ToDisplayString().TrimEnd('?') == KnownNames.TrainingSession) continue;
                if (!field.IsReadOnly || IsCollection(field.Type)) fields.Add(field.AssociatedSymbol?.Name ?? field.Name);
            }
        }

        return fields;
    }

    private static bool IsCollection(ITypeSymbol type) =>
        type is IArrayTypeSymbol
        || type.AllInterfaces.Any(i => i.ToDisplayString() == "System.Collections.ICollection" || i.OriginalDefinition.ToDisplayString() == "System.Collections.Generic.ICollection<T>");

    // Called through the interface, so that explicit interface implementations work too.
    public static CallbackCode Emit(UserCallbackSpec spec, ModelSpec model)
    {
        var logs = model.LogsType;
        var state = "_callbacks." + spec.Property;
        var filter = spec.Filter;
        var code = new CallbackCode(spec, spec.IsGeneric ? $"{spec.Type}<{logs}>" : spec.Type, "new()").FilteringBatches(filter.FiltersBatches);
        if (Has(spec, HookSet.TrainBegin))
            code.On(TrainingHook.TrainBegin, "call OnTrainBegin(session)", $"((global::Declarative.IOnTrainBegin){state}).OnTrainBegin(session);");
        if (Has(spec, HookSet.EpochBegin))
            code.On(TrainingHook.EpochBegin, "call OnEpochBegin(epoch)" + Filters.Describe(filter, batches: false), Filters.Guarded(Filters.EpochCondition(filter), $"((global::Declarative.IOnEpochBegin){state}).OnEpochBegin(epoch);"));
        if (Has(spec, HookSet.TrainBatchBegin))
            code.On(TrainingHook.TrainBatchBegin, "call OnTrainBatchBegin(batch)" + Filters.Describe(filter, batches: true), Filters.Guarded(Filters.BatchCondition(filter), $"((global::Declarative.IOnTrainBatchBegin){state}).OnTrainBatchBegin(batch);"));
        if (Has(spec, HookSet.TrainBatchEnd))
            code.On(TrainingHook.TrainBatchEnd, "call OnTrainBatchEnd(batch)" + Filters.Describe(filter, batches: true), Filters.Guarded(Filters.BatchCondition(filter), $"((global::Declarative.IOnTrainBatchEnd){state}).OnTrainBatchEnd(batch);"));
        if (Has(spec, HookSet.TrainBatchEndWithLogs))
            code.On(TrainingHook.TrainBatchEnd, "call OnTrainBatchEnd(batch, running values read from the device)" + Filters.Describe(filter, batches: true), Filters.Guarded(Filters.BatchCondition(filter), $"((global::Declarative.IOnTrainBatchEnd<{logs}>){state}).OnTrainBatchEnd(batch, _session.RunningLogs<{logs}>());"));
        if (Has(spec, HookSet.EpochEnd))
            code.On(TrainingHook.EpochEnd, "call OnEpochEnd(epoch, logs)" + Filters.Describe(filter, batches: false), Filters.Guarded(Filters.EpochCondition(filter), $"((global::Declarative.IOnEpochEnd<{logs}>){state}).OnEpochEnd(epoch, in logs);"));
        if (Has(spec, HookSet.TrainEnd))
            code.On(TrainingHook.TrainEnd, "call OnTrainEnd(end)", $"((global::Declarative.IOnTrainEnd){state}).OnTrainEnd(end);");
        foreach (var (flag, hook, type, arguments) in PassHooks(logs))
        {
            if (Has(spec, flag)) code.On(hook, $"call {CallbackCode.Method(hook)}({arguments.Replace("in ", string.Empty)})", $"(({type}){state}).{CallbackCode.Method(hook)}({arguments});");
        }
        if (spec.IsPersistent) code.Persistent($"((global::Declarative.IPersistentState)callbacks.{spec.Property})");
        return code;
    }

    private static bool Has(UserCallbackSpec spec, HookSet hook) => (spec.Hooks & hook) != 0;

    // The test and predict hooks: each calls the interface's one method with the dispatcher's own arguments.
    private static (HookSet Flag, TrainingHook Hook, string Type, string Arguments)[] PassHooks(string logs) =>
    [
        (HookSet.TestBegin, TrainingHook.TestBegin, "global::Declarative.IOnTestBegin", string.Empty),
        (HookSet.TestBatchBegin, TrainingHook.TestBatchBegin, "global::Declarative.IOnTestBatchBegin", "batch"),
        (HookSet.TestBatchEnd, TrainingHook.TestBatchEnd, "global::Declarative.IOnTestBatchEnd", "batch"),
        (HookSet.TestEnd, TrainingHook.TestEnd, $"global::Declarative.IOnTestEnd<{logs}>", "in logs"),
        (HookSet.PredictBegin, TrainingHook.PredictBegin, "global::Declarative.IOnPredictBegin", string.Empty),
        (HookSet.PredictBatchBegin, TrainingHook.PredictBatchBegin, "global::Declarative.IOnPredictBatchBegin", "batch"),
        (HookSet.PredictBatchEnd, TrainingHook.PredictBatchEnd, "global::Declarative.IOnPredictBatchEnd", "batch"),
        (HookSet.PredictEnd, TrainingHook.PredictEnd, "global::Declarative.IOnPredictEnd", string.Empty),
    ];

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
                KnownNames.IOnTestBegin => HookSet.TestBegin,
                KnownNames.IOnTestBatchBegin => HookSet.TestBatchBegin,
                KnownNames.IOnTestBatchEnd => HookSet.TestBatchEnd,
                KnownNames.IOnTestEnd => HookSet.TestEnd,
                KnownNames.IOnPredictBegin => HookSet.PredictBegin,
                KnownNames.IOnPredictBatchBegin => HookSet.PredictBatchBegin,
                KnownNames.IOnPredictBatchEnd => HookSet.PredictBatchEnd,
                KnownNames.IOnPredictEnd => HookSet.PredictEnd,
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

        return hooks == HookSet.None ? "it implements no hook interface (IOnTrainBegin, IOnEpochBegin, IOnTrainBatchBegin, IOnTrainBatchEnd, IOnEpochEnd<TLogs>, IOnTrainEnd, or a test or predict hook such as IOnTestEnd<TLogs>)" : null;
    }
}
