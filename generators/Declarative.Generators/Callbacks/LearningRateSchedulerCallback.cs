using System.Linq;
using Declarative.Generators.Diagnostics;
using Declarative.Generators.Emitting;
using Declarative.Generators.Helpers;
using Declarative.Generators.Models;
using Declarative.Generators.Parsing;
using Declarative.Training;
using Microsoft.CodeAnalysis;

namespace Declarative.Generators.Callbacks;

/// <summary>The <c>[LearningRateScheduler]</c>, with its schedule method resolved.</summary>
/// <param name="Method">The static method's name.</param>
/// <param name="TakesLearningRate">Whether it is <c>(int epoch, double lr)</c> rather than <c>(int epoch)</c>.</param>
/// <param name="Optimizer">The optimizer whose rate it sets, or null for all.</param>
internal sealed record LearningRateSchedulerSpec(string Property, string Description, EquatableArray<SettingCode> Settings, string Method, bool TakesLearningRate, string? Optimizer)
    : CallbackSpec(Property, Description, Settings);

/// <summary><c>[LearningRateScheduler]</c>: <see cref="Declarative.Callbacks.LearningRateScheduler"/> calling a static method of the model.</summary>
internal static class LearningRateSchedulerCallback
{
    public static LearningRateSchedulerSpec? Read(AttributeReader reader, ReadContext context)
    {
        var settings = reader.Settings<LearningRateSchedulerAttribute>();
        var type = context.Model;
        var name = settings.ScheduleMethod ?? string.Empty;
        var candidates = ModelMethods.Named(type, name).ToList();
        if (candidates.Count == 0)
        {
            var closest = ModelMethods.ClosestStatic(type, name);
            context.Problems.Report(
                DiagnosticDescriptors.ScheduleMethodNotFound, () => reader.Location(0), FixProperties.Of(FixProperties.MethodName, name), type.Name, name, closest is null ? string.Empty : $" (did you mean '{closest}'?)");
            return null;
        }

        var twoArguments = candidates.FirstOrDefault(m => IsSchedule(m, 2));
        var method = twoArguments ?? candidates.FirstOrDefault(m => IsSchedule(m, 1));
        if (method is null)
        {
            context.Problems.Report(DiagnosticDescriptors.ScheduleMethodSignature, () => reader.Location(0), name, candidates[0].ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat));
            return null;
        }

        if (!method.IsStatic)
        {
            context.Problems.Report(DiagnosticDescriptors.ScheduleMethodNotStatic, () => reader.Location(0), name);
            return null;
        }

        if (!Rules.InRange(reader, context, settings) || !Rules.Optimizer(reader, context, settings.Optimizer)) return null;
        var (description, code) = Rules.Describe(settings);
        return new LearningRateSchedulerSpec(context.PropertyName("LearningRateScheduler"), description, code, name, SymbolEqualityComparer.Default.Equals(method, twoArguments), settings.Optimizer);
    }

    public static CallbackCode Emit(LearningRateSchedulerSpec spec, ModelSpec model)
    {
        var call = spec.TakesLearningRate ? $"{spec.Method}(epoch, learningRate)" : $"{spec.Method}(epoch)";
        var schedule = $"static (epoch, learningRate) => {model.Type}.{call}";
        return new CallbackCode(spec, "global::Declarative.Callbacks.LearningRateScheduler", CallbackCode.FromSettings<LearningRateSchedulerAttribute>(spec, schedule))
            .On(TrainingHook.TrainBegin, "fail now if the optimizer's learning rate cannot be set")
            .On(TrainingHook.EpochBegin, "learning rate = " + (spec.TakesLearningRate ? $"{spec.Method}(epoch, learning rate)" : $"{spec.Method}(epoch)") +
                                         (spec.Optimizer is { } optimizer ? $", for each parameter group of '{optimizer}'" : ", for each parameter group"));
    }

    private static bool IsSchedule(IMethodSymbol method, int parameters) =>
        !method.IsGenericMethod
        && method.ReturnType.SpecialType == SpecialType.System_Double
        && method.Parameters.Length == parameters
        && method.Parameters.All(p => p.RefKind == RefKind.None)
        && method.Parameters[0].Type.SpecialType == SpecialType.System_Int32
        && (parameters == 1 || method.Parameters[1].Type.SpecialType == SpecialType.System_Double);
}
