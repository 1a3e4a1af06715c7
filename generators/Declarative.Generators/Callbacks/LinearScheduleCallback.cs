using Declarative.Generators.Emitting;
using Declarative.Generators.Models;
using Declarative.Generators.Parsing;

namespace Declarative.Generators.Callbacks;

/// <summary><c>[LinearSchedule]</c>: <see cref="Declarative.Callbacks.LinearSchedule"/>, PyTorch's LinearLR in its chained form.</summary>
internal static class LinearScheduleCallback
{
    public static ScheduleSpec<LinearScheduleAttribute>? Read(AttributeReader reader, ReadContext context) =>
        ScheduleCallback.Read<LinearScheduleAttribute>(reader, context, settings =>
            ($"learning rate = the optimizer's initial rate × {Code.Literal(settings.StartFactor)}",
                $"learning rate × the next step of a factor moving linearly to {Code.Literal(settings.EndFactor)} over {ScheduleCallback.Span(settings.Steps, settings.Interval)}, then left alone (so what another callback did to it is kept)"));

    public static CallbackCode Emit(ScheduleSpec<LinearScheduleAttribute> spec, ModelSpec model) =>
        ScheduleCallback.Emit(spec, "Declarative.Callbacks.LinearSchedule");
}
