using Declarative.Generators.Emitting;
using Declarative.Generators.Models;
using Declarative.Generators.Parsing;

namespace Declarative.Generators.Callbacks;

/// <summary><c>[LinearSchedule]</c>: <see cref="Declarative.Callbacks.LinearSchedule"/>, PyTorch's LinearLR in its chained form.</summary>
internal static class LinearScheduleCallback
{
    public static ScheduleSpec<LinearScheduleAttribute>? Read(AttributeReader reader, ReadContext context) =>
        ScheduleCallback.Read<LinearScheduleAttribute>(reader, context, settings =>
            ($"learning rate = the optimizer's initial rate × {ScheduleCallback.Number(settings.StartFactor)}",
                $"learning rate × factor(step) / factor(step − 1), the factor moving linearly from {ScheduleCallback.Number(settings.StartFactor)} to {ScheduleCallback.Number(settings.EndFactor)} over {ScheduleCallback.Span(settings.Steps, settings.Interval)}; after them, left alone (what another callback does to the rate is kept)"));

    public static CallbackCode Emit(ScheduleSpec<LinearScheduleAttribute> spec, ModelSpec model) =>
        ScheduleCallback.Emit(spec, "Declarative.Callbacks.LinearSchedule");
}
