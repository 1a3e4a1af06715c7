using System;
using Declarative.Generators.Emitting;
using Declarative.Generators.Helpers;
using Declarative.Generators.Models;
using Declarative.Generators.Parsing;
using Declarative.Metrics;
using Declarative.Training;

namespace Declarative.Generators.Callbacks;

/// <summary>The <c>[ReduceLROnPlateau]</c>, validated.</summary>
internal sealed record ReduceLROnPlateauSpec(
    string Property,
    string Description,
    EquatableArray<SettingCode> Settings,
    MonitorSpec Monitor,
    double Factor,
    int Patience,
    double MinDelta,
    int Cooldown,
    double MinLearningRate,
    string? Optimizer) : CallbackSpec(Property, Description, Settings);

/// <summary><c>[ReduceLROnPlateau]</c>: <see cref="Declarative.Callbacks.ReduceLROnPlateau{TLogs}"/> over the monitored value.</summary>
internal static class ReduceLROnPlateauCallback
{
    public static ReduceLROnPlateauSpec? Read(AttributeReader reader, ReadContext context)
    {
        var settings = reader.Settings<ReduceLROnPlateauAttribute>();
        var monitor = MonitorResolver.Resolve(reader, context, settings, batchLevel: false);
        var valid = Rules.InRange(reader, context, settings) & Rules.Optimizer(reader, context, settings.Optimizer);
        Rules.MinDelta(reader, context, settings.MinDelta);
        if (monitor is null || !valid) return null;
        var (description, code) = Rules.Describe(settings);
        return new ReduceLROnPlateauSpec(
            context.PropertyName("ReduceLROnPlateau"), description, code, monitor, settings.Factor, settings.Patience, Math.Abs(settings.MinDelta), settings.Cooldown, settings.MinLearningRate, settings.Optimizer);
    }

    public static CallbackCode Emit(ReduceLROnPlateauSpec spec, ModelSpec model) =>
        new CallbackCode(spec, $"global::Declarative.Callbacks.ReduceLROnPlateau<{model.LogsType}>", CallbackCode.Monitoring<ReduceLROnPlateauAttribute>(spec, $"{model.LogsType}.Monitors.{spec.Monitor.Member}"))
            .On(TrainingHook.TrainBegin, "reset; fail now if " + (spec.Monitor.IsValidation ? $"no validation data ({spec.Monitor.Name}), or if " : string.Empty) + "the optimizer's learning rate cannot be set")
            .On(TrainingHook.EpochEnd, $"read {spec.Monitor.Name} ({MetricDirections.Describe(spec.Monitor.Direction)}" +
                                       (spec.MinDelta > 0 ? $", by more than {Code.Literal(spec.MinDelta)}" : string.Empty) +
                                       $"); after {Rules.Counted(Math.Max(spec.Patience, 1), "epoch")} without improvement" +
                                       (spec.Monitor.IsValidation ? " (only epochs that validate count)" : string.Empty) +
                                       $", learning rate{(spec.Optimizer is { } optimizer ? $" of '{optimizer}'" : string.Empty)} × {Code.Literal(spec.Factor)}" +
                                       (spec.MinLearningRate > 0 ? $" (not below {Code.Literal(spec.MinLearningRate)})" : string.Empty) +
                                       (spec.Cooldown > 0 ? $", then {Rules.Counted(spec.Cooldown, "epoch")} of cooldown" : string.Empty));
}
