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

/// <summary>One <c>[Callback(typeof(...))]</c>: a user-defined callback (the hooks it implements are <see cref="CallbackSpec.Hooks"/>).</summary>
/// <param name="Type">The fully qualified type, without type arguments.</param>
/// <param name="IsGeneric">Whether the type is generic over the logs type (closed with the model's logs type).</param>
internal sealed record UserCallbackSpec(string Property, string Description, EquatableArray<SettingCode> Settings, string Type, bool IsGeneric, FilterSpec Filter)
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

        var persistent = CallbackHooks.IsPersistent(definition);
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
            new FilterSpec(settings.EveryEpochs, settings.EveryBatches, settings.FromEpoch))
        {
            Hooks = hooks,
            IsPersistent = persistent,
        };
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

    // Every hook the type implements, called directly (through the interface for an explicit implementation).
    public static CallbackCode Emit(UserCallbackSpec spec, ModelSpec model) =>
        new CallbackCode(spec, spec.IsGeneric ? $"{spec.Type}<{model.LogsType}>" : spec.Type, "new()", spec.Filter).PlanEveryCall();

    private static string? Problem(INamedTypeSymbol type, bool open, ReadContext context, out EquatableArray<HookCall> hooks)
    {
        hooks = EquatableArray<HookCall>.Empty;
        if (type.TypeKind != TypeKind.Class) return "it is not a class";
        if (type.IsAbstract || type.IsStatic) return "it is abstract or static; the generator creates an instance of it";
        if (type.IsGenericType && !open) return "pass the generic definition (typeof(Logger<>)); the generator closes it with the model's logs type";
        if (open && type.TypeParameters.Length != 1) return "a generic callback takes exactly one type parameter, the logs type";
        if (!type.InstanceConstructors.Any(c => c.Parameters.Length == 0 && c.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal))
            return "it has no parameterless constructor";

        hooks = CallbackHooks.Of(type, logs => open ? SymbolEqualityComparer.Default.Equals(logs, type.TypeParameters[0]) : context.IsLogsType(logs), out var otherLogs);
        if (otherLogs is not null)
            return $"it handles {otherLogs.ToDisplayString()}, not this model's {context.LogsName}; implement the interface for {context.LogsName}, or make the callback generic over the logs type";
        return hooks.Count == 0 ? $"it implements no hook interface ({CallbackHooks.InterfaceNames})" : null;
    }
}
