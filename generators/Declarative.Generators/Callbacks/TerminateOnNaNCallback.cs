using Declarative.Generators.Emitting;
using Declarative.Generators.Helpers;
using Declarative.Generators.Models;
using Declarative.Generators.Parsing;
using Declarative.Training;

namespace Declarative.Generators.Callbacks;

/// <summary>The <c>[TerminateOnNaN]</c>.</summary>
internal sealed record TerminateOnNaNSpec(string Property, string Description, EquatableArray<SettingCode> Settings, bool RaiseError)
    : CallbackSpec(Property, Description, Settings);

/// <summary><c>[TerminateOnNaN]</c>: <see cref="Declarative.Callbacks.TerminateOnNaN"/>.</summary>
internal static class TerminateOnNaNCallback
{
    public static TerminateOnNaNSpec? Read(AttributeReader reader, ReadContext context)
    {
        var settings = reader.Settings<TerminateOnNaNAttribute>();
        if (!Rules.InRange(reader, context, settings)) return null;
        var (description, code) = Rules.Describe(settings);
        return new TerminateOnNaNSpec(context.PropertyName("TerminateOnNaN"), description, code, settings.RaiseError);
    }

    public static CallbackCode Emit(TerminateOnNaNSpec spec, ModelSpec model) =>
        new CallbackCode(spec, "global::Declarative.Callbacks.TerminateOnNaN", CallbackCode.FromSettings<TerminateOnNaNAttribute>(spec))
            .On(TrainingHook.TrainBegin, "start")
            .On(TrainingHook.TrainBatchEnd, "read the running loss from the device; if it is NaN or infinite, " +
                                            (spec.RaiseError ? "throw NonFiniteLossException" : "stop after this batch (validation and the epoch's end still run)"));
}
