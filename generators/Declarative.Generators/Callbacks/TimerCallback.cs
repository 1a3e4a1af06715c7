using Declarative.Generators.Emitting;
using Declarative.Generators.Helpers;
using Declarative.Generators.Models;
using Declarative.Generators.Parsing;
using Declarative.Training;

namespace Declarative.Generators.Callbacks;

/// <summary>The <c>[Timer]</c>, validated.</summary>
/// <param name="MaxTime">The budget, in its canonical form (<c>00:30:00</c>).</param>
internal sealed record TimerSpec(string Property, string Description, EquatableArray<SettingCode> Settings, string MaxTime, TimerInterval Interval)
    : CallbackSpec(Property, Description, Settings);

/// <summary><c>[Timer]</c>: <see cref="Declarative.Callbacks.Timer{TLogs}"/>, Lightning's time budget.</summary>
internal static class TimerCallback
{
    public static TimerSpec? Read(AttributeReader reader, ReadContext context)
    {
        var settings = reader.Settings<TimerAttribute>();
        if (!Rules.InRange(reader, context, settings)) return null;
        var (description, code) = Rules.Describe(settings);
        return new TimerSpec(context.PropertyName("Timer"), description, code, settings.Budget!.Value.ToString("c", System.Globalization.CultureInfo.InvariantCulture), settings.Interval);
    }

    public static CallbackCode Emit(TimerSpec spec, ModelSpec model) =>
        new CallbackCode(spec, $"global::Declarative.Callbacks.Timer<{model.LogsType}>", CallbackCode.FromSettings<TimerAttribute>(spec))
            .On(TrainingHook.TrainBegin, "start the clock (a resumed run goes on from the time its backup had counted)")
            .On(spec.Interval == TimerInterval.Batch ? TrainingHook.TrainBatchEnd : TrainingHook.EpochEnd, $"stop once {spec.MaxTime} of training time is spent");
}
