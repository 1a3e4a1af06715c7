using System.Linq;
using Declarative.Generators.Diagnostics;
using Declarative.Generators.Emitting;
using Declarative.Generators.Helpers;
using Declarative.Generators.Models;
using Declarative.Generators.Parsing;
using Declarative.Training;
using Microsoft.CodeAnalysis;

namespace Declarative.Generators.Callbacks;

/// <summary>A model method marked with a hook attribute, with the number of the hook's parameters it takes.</summary>
/// <param name="Hook">The hook it runs at.</param>
/// <param name="Arity">How many of the hook's leading parameters it takes.</param>
internal sealed record HookSpec(string Description, TrainingHook Hook, string Method, bool IsStatic, int Arity, FilterSpec Filter)
    : CallbackSpec(string.Empty, Description, EquatableArray<SettingCode>.Empty);

/// <summary>
/// The typed lambda hooks: methods of the model marked <c>[OnEpochEnd]</c> and the like, called directly on their event.
/// Which attributes exist, and which parameters each hook's method may take, come from <see cref="HookTable"/>.
/// </summary>
internal static class HookCallback
{
    /// <summary>The hook attributes, and the hook each marks.</summary>
    public static readonly (System.Type Attribute, HookDefinition Hook)[] Attributes =
        HookTable.All.Where(h => h.Attribute is not null).Select(h => (h.Attribute!, h)).ToArray();

    public static HookSpec? Read(AttributeReader reader, ReadContext context)
    {
        var method = (IMethodSymbol)reader.Target;
        var attribute = reader.Data.AttributeClass!;
        var name = AttributeNames.Of(reader.Data);
        var (type, hook) = Attributes.First(a => a.Attribute.FullName == name);
        var arities = Arities(hook).ToList();
        var arity = method.ReturnsVoid && !method.IsGenericMethod ? arities.Where(a => Matches(method, hook, a, context)).DefaultIfEmpty(-1).First() : -1;
        if (arity < 0)
        {
            string Signature(int count) => $"'void {method.Name}({Parameters(hook, count, context.LogsName)})'";
            var fix = FixProperties.Of(FixProperties.Parameters, Parameters(hook, arities[0], context.LogsName));
            context.Problems.Report(DiagnosticDescriptors.HookMethodSignature, () => method.Locations.FirstOrDefault(), fix, SettingsText.Name(attribute.Name), method.Name, string.Join(" or ", arities.Select(Signature)));
            return null;
        }

        var settings = (HookAttribute)reader.Settings(type);
        var filter = FilterSpec.Always;
        if (settings is FilteredHookAttribute filtered)
        {
            if (!Rules.InRange(reader, context, filtered)) return null;
            var batches = hook.Filter == HookFilter.Batches;
            filter = new FilterSpec(batches ? 1 : filtered.Every, batches ? filtered.Every : 1, filtered.FromEpoch);
        }

        var (description, _) = Rules.Describe(settings);
        return new HookSpec(description + " " + method.Name, hook.Hook, method.Name, method.IsStatic, arity, filter);
    }

    // A hook method is called with the values it takes; a logs record by value works for `in` parameters too.
    public static CallbackCode Emit(HookSpec spec, ModelSpec model)
    {
        var hook = HookTable.Of(spec.Hook);
        var target = spec.IsStatic ? model.Type : "_model";
        var plan = $"call {spec.Method}({string.Join(", ", hook.Parameters.Take(spec.Arity).Select(p => p.Plan))}){Filters.Describe(spec.Filter, hook.Filter)}";
        var call = $"{target}.{spec.Method}({CallbackCode.Arguments(hook, spec.Arity, model.LogsType, passIn: false)});";
        return new CallbackCode(spec, filter: spec.Filter).On(spec.Hook, plan, Filters.Guarded(Filters.Condition(spec.Filter, hook.Filter), call));
    }

    // The numbers of leading parameters a hook method may take, the form a fix writes first: the plain form of the hooks
    // that give a context object (the session, the end), every value for the others.
    private static System.Collections.Generic.IEnumerable<int> Arities(HookDefinition hook)
    {
        var all = Enumerable.Range(hook.MinimumArity, hook.Parameters.Length - hook.MinimumArity + 1);
        return hook.Parameters.Any(p => p.Type.StartsWith("global::", System.StringComparison.Ordinal)) ? all : all.Reverse();
    }

    // "int epoch, NetLogs logs": the parameters as a person writes them.
    private static string Parameters(HookDefinition hook, int count, string logsName) =>
        string.Join(", ", hook.Parameters.Take(count).Select(p => $"{(p.Type == HookParameter.Logs ? logsName : Code.Readable(p.Type))} {p.Name}"));

    private static bool Matches(IMethodSymbol method, HookDefinition hook, int count, ReadContext context) =>
        method.Parameters.Length == count
        && method.Parameters.Zip(hook.Parameters, (actual, wanted) => wanted.Type switch
        {
            "int" => actual.RefKind == RefKind.None && actual.Type.SpecialType == SpecialType.System_Int32,
            "long" => actual.RefKind == RefKind.None && actual.Type.SpecialType == SpecialType.System_Int64,
            HookParameter.Logs => actual.RefKind is RefKind.None or RefKind.In && context.IsLogsType(actual.Type),
            _ => actual.RefKind == RefKind.None && "global::" + actual.Type.ToDisplayString() == wanted.Type,
        }).All(ok => ok);
}
