using System.Globalization;
using Declarative.Generators.Emitting;
using Declarative.Generators.Models;
using Declarative.Generators.Parsing;

namespace Declarative.Generators.Callbacks;

/// <summary><c>[OneCycleSchedule]</c>: <see cref="Declarative.Callbacks.OneCycleSchedule"/>, PyTorch's OneCycleLR.</summary>
internal static class OneCycleScheduleCallback
{
    public static ScheduleSpec<OneCycleScheduleAttribute>? Read(AttributeReader reader, ReadContext context) =>
        ScheduleCallback.Read<OneCycleScheduleAttribute>(reader, context, settings =>
        {
            var initial = settings.MaxLearningRate / settings.DivFactor;
            var final = ScheduleCallback.Number(initial / settings.FinalDivFactor);
            var max = ScheduleCallback.Number(settings.MaxLearningRate);
            var shape = settings.ThreePhase
                ? $"up to {max} over {Percent(settings.PctStart)} of {ScheduleCallback.Span(settings.TotalSteps, settings.Interval)}, back down over as many, then to {final}"
                : $"up to {max} over {Percent(settings.PctStart)} of {ScheduleCallback.Span(settings.TotalSteps, settings.Interval)}, then down to {final}";
            var momentum = settings.CycleMomentum
                ? $"; momentum (β1 for Adam) the other way, between {ScheduleCallback.Number(settings.MaxMomentum)} and {ScheduleCallback.Number(settings.BaseMomentum)}"
                : string.Empty;
            return ($"learning rate = {ScheduleCallback.Number(initial)}" + (settings.CycleMomentum ? $", momentum = {ScheduleCallback.Number(settings.MaxMomentum)}" : string.Empty),
                $"learning rate = one cycle {shape}, {(settings.Anneal == AnnealStrategy.Cosine ? "along cosines" : "linearly")}{momentum}");
        });

    public static CallbackCode Emit(ScheduleSpec<OneCycleScheduleAttribute> spec, ModelSpec model) =>
        ScheduleCallback.Emit(spec, "Declarative.Callbacks.OneCycleSchedule");

    private static string Percent(double fraction) => (fraction * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";
}
