using System.Linq;
using Declarative.Generators.Diagnostics;
using Declarative.Generators.Emitting;
using Declarative.Generators.Helpers;
using Declarative.Generators.Models;
using Declarative.Generators.Parsing;
using Microsoft.CodeAnalysis;

namespace Declarative.Generators.Callbacks;

/// <summary>The <c>[TorchScheduler]</c>, with its factory method resolved.</summary>
/// <param name="Method">The static factory method's name.</param>
/// <param name="Declared">Its shared settings (when it is stepped, whose rate it sets, whether it prints).</param>
internal sealed record TorchSchedulerSpec(string Property, string Description, EquatableArray<SettingCode> Settings, string Method, SharedScheduleSettings Declared)
    : CallbackSpec(Property, Description, Settings);

/// <summary><c>[TorchScheduler]</c>: <see cref="Declarative.Callbacks.TorchScheduler"/>, stepping the TorchSharp scheduler a static method of the model makes.</summary>
internal static class TorchSchedulerCallback
{
    public static TorchSchedulerSpec? Read(AttributeReader reader, ReadContext context)
    {
        var settings = reader.Settings<TorchSchedulerAttribute>();
        var type = context.Model;
        var name = settings.FactoryMethod ?? string.Empty;
        if (Problem(type, name) is { } problem)
        {
            context.Problems.Report(DiagnosticDescriptors.SchedulerFactory, () => reader.Location(0), name, problem);
            return null;
        }

        if (!ScheduleCallback.Valid(reader, context, settings)) return null;
        var (description, code) = Rules.Describe(settings);
        return new TorchSchedulerSpec(context.PropertyName("TorchScheduler"), description, code, name, SharedScheduleSettings.Of(settings));
    }

    public static CallbackCode Emit(TorchSchedulerSpec spec, ModelSpec model) =>
        ScheduleCallback.On(
            new CallbackCode(spec, "global::Declarative.Callbacks.TorchScheduler", CallbackCode.FromSettings<TorchSchedulerAttribute>(spec, $"static optimizer => {model.Type}.{spec.Method}(optimizer)")),
            spec.Declared,
            $"fail now if the optimizer's learning rate cannot be set; put back its initial rates and make its scheduler: {spec.Method}(optimizer) (a resumed run makes it again and steps it as often as the backup's was)",
            spec.Declared.Optimizer is { } optimizer ? $"step the scheduler of '{optimizer}'" : "step the scheduler of each optimizer");

    // Why the named method cannot make the scheduler, or null when it can.
    private static string? Problem(INamedTypeSymbol type, string name)
    {
        var candidates = ModelMethods.Named(type, name).ToList();
        var expected = $"'static LRScheduler {name}(Optimizer optimizer)'";
        if (candidates.Count == 0)
        {
            var closest = ModelMethods.ClosestStatic(type, name);
            return $"'{type.Name}' has no method named '{name}'{(closest is null ? string.Empty : $" (did you mean '{closest}'?)")}; add {expected}";
        }

        var method = candidates.FirstOrDefault(IsFactory);
        if (method is null)
            return $"it must be {expected}, not '{candidates[0].ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)}'";
        if (!method.IsStatic) return "it must be static, since the callbacks are made apart from the model's instance";
        if (TorchSharpTypes.IsPlateauScheduler(method.ReturnType))
            return "it makes a ReduceLROnPlateau, which steps on a monitored value rather than a count; declare [ReduceLROnPlateau(Monitor = ...)] instead";
        return null;
    }

    private static bool IsFactory(IMethodSymbol method) =>
        !method.IsGenericMethod
        && method.Parameters.Length == 1
        && method.Parameters[0].RefKind == RefKind.None
        && TorchSharpTypes.IsOptimizerBase(method.Parameters[0].Type)
        && TorchSharpTypes.IsScheduler(method.ReturnType);
}
