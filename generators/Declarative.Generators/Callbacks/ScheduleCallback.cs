using Declarative.Generators.Emitting;
using Declarative.Generators.Helpers;
using Declarative.Generators.Models;
using Declarative.Generators.Parsing;
using Declarative.Training;

namespace Declarative.Generators.Callbacks;

/// <summary>A learning-rate schedule of the kind <typeparamref name="TAttribute"/> declares, validated.</summary>
/// <param name="Declared">Its shared settings (what it counts, whose rate it sets, whether it prints).</param>
/// <param name="Start">What it sets at train begin, in the plan's words.</param>
/// <param name="Schedule">What it sets the rate to as it moves, in the plan's words.</param>
internal sealed record ScheduleSpec<TAttribute>(string Property, string Description, EquatableArray<SettingCode> Settings, SharedScheduleSettings Declared, string Start, string Schedule)
    : CallbackSpec(Property, Description, Settings)
    where TAttribute : ScheduleAttribute;

/// <summary>The settings every schedule has, as equatable values.</summary>
internal sealed record SharedScheduleSettings(ScheduleInterval Interval, string? Optimizer, bool Verbose)
{
    public static SharedScheduleSettings Of(ScheduleAttribute settings) => new(settings.Interval, settings.Optimizer, settings.Verbose);
}

/// <summary>
/// What the schedules' readers and emitters share (<c>[WarmupCosineSchedule]</c>, <c>[OneCycleSchedule]</c>,
/// <c>[LinearSchedule]</c>, <c>[TorchScheduler]</c>): the checks of their common settings, and the plan of when they set the rate.
/// </summary>
internal static class ScheduleCallback
{
    /// <summary>Checks the settings' ranges and the optimizer they name; returns whether both are right.</summary>
    public static bool Valid<TAttribute>(AttributeReader reader, ReadContext context, TAttribute settings)
        where TAttribute : ScheduleAttribute, ICallbackSettings =>
        Rules.InRange(reader, context, settings) & Rules.Optimizer(reader, context, settings.Optimizer);

    /// <summary>The spec of a formula schedule, read with the plan's words for what it sets at the start and as it moves.</summary>
    public static ScheduleSpec<TAttribute>? Read<TAttribute>(AttributeReader reader, ReadContext context, System.Func<TAttribute, (string Start, string Schedule)> plan)
        where TAttribute : ScheduleAttribute, ICallbackSettings
    {
        var settings = reader.Settings<TAttribute>();
        if (!Valid(reader, context, settings)) return null;
        var (description, code) = Rules.Describe(settings);
        var (start, schedule) = plan(settings);
        return new ScheduleSpec<TAttribute>(context.PropertyName(SettingsText.Name(typeof(TAttribute).Name)), description, code, SharedScheduleSettings.Of(settings), start, schedule);
    }

    /// <summary>
    /// The code of a formula schedule: its construction from its settings, its start at train begin, then the rates of each
    /// next position after every optimizer step or at every epoch's beginning.
    /// </summary>
    public static CallbackCode Emit<TAttribute>(ScheduleSpec<TAttribute> spec, string runtimeType)
        where TAttribute : ScheduleAttribute =>
        On(new CallbackCode(spec, "global::" + runtimeType, CallbackCode.FromSettings<TAttribute>(spec)), spec.Declared,
            "fail now if the optimizer's learning rate cannot be set; " + spec.Start, spec.Schedule + Groups(spec.Declared.Optimizer));

    /// <summary>
    /// The plan of a schedule: what it does at train begin, where it moves (after each optimizer step, or at each epoch's
    /// beginning), and whether it prints the rate at each epoch's beginning.
    /// </summary>
    public static CallbackCode On(CallbackCode code, SharedScheduleSettings settings, string begin, string step)
    {
        code.On(TrainingHook.TrainBegin, begin)
            .On(settings.Interval == ScheduleInterval.Step ? TrainingHook.OptimizerStep : TrainingHook.EpochBegin, step);
        return settings.Verbose ? code.On(TrainingHook.EpochBegin, "print the learning rate") : code;
    }

    /// <summary>", for each parameter group", or of the optimizer named.</summary>
    public static string Groups(string? optimizer) => optimizer is { } name ? $", for each parameter group of '{name}'" : ", for each parameter group";

    /// <summary>"optimizer steps" or "epochs".</summary>
    public static string Unit(ScheduleInterval interval) => interval == ScheduleInterval.Step ? "optimizer steps" : "epochs";

    /// <summary>"500 optimizer steps", or "the run's optimizer steps (epochs × optimizer steps per epoch)" when <paramref name="count"/> is 0.</summary>
    public static string Span(int count, ScheduleInterval interval) =>
        count > 0 ? $"{count} {Unit(interval)}" : interval == ScheduleInterval.Step ? "the run's optimizer steps (epochs × optimizer steps per epoch)" : "the run's epochs";

    /// <summary>A rate as the plan writes it: the number, or "the optimizer's rate" for NaN.</summary>
    public static string Rate(double rate) => double.IsNaN(rate) ? "the optimizer's rate" : Number(rate);

    /// <summary>A number as the plan writes it: <c>0.5</c>, <c>1</c>, <c>2e-07</c>.</summary>
    public static string Number(double value) => SettingsText.Literal(value);
}
