using Declarative.Generators.Emitting;
using Declarative.Generators.Models;
using Declarative.Generators.Parsing;

namespace Declarative.Generators.Callbacks;

/// <summary><c>[WarmupCosineSchedule]</c>: <see cref="Declarative.Callbacks.WarmupCosineSchedule"/>, a linear warmup then a cosine decay.</summary>
internal static class WarmupCosineScheduleCallback
{
    public static ScheduleSpec<WarmupCosineScheduleAttribute>? Read(AttributeReader reader, ReadContext context) =>
        ScheduleCallback.Read<WarmupCosineScheduleAttribute>(reader, context, settings =>
        {
            var peak = ScheduleCallback.Rate(settings.PeakLearningRate);
            var unit = ScheduleCallback.Unit(settings.Interval);
            var decay = $"cosine decay to {ScheduleCallback.Number(settings.FinalLearningRate)} at the end of {ScheduleCallback.Span(settings.TotalSteps, settings.Interval)}";
            return settings.WarmupSteps > 0
                ? ($"learning rate = {ScheduleCallback.Number(settings.WarmupStartFactor)} × {peak}",
                    $"learning rate = linear warmup to {peak} over {settings.WarmupSteps} {unit}, then {decay}")
                : ($"learning rate = {peak}", $"learning rate = {decay}");
        });

    public static CallbackCode Emit(ScheduleSpec<WarmupCosineScheduleAttribute> spec, ModelSpec model) =>
        ScheduleCallback.Emit(spec, "Declarative.Callbacks.WarmupCosineSchedule");
}
