using System;
using System.Linq;
using Declarative.Generators.Diagnostics;
using Declarative.Generators.Emitting;
using Declarative.Generators.Helpers;
using Declarative.Generators.Models;
using Declarative.Generators.Parsing;
using Declarative.Metrics;
using Declarative.Training;

namespace Declarative.Generators.Callbacks;

/// <summary>One <c>[EarlyStopping]</c>, validated.</summary>
internal sealed record EarlyStoppingSpec(
    string Property,
    string Description,
    EquatableArray<SettingCode> Settings,
    MonitorSpec Monitor,
    double MinDelta,
    int Patience,
    double? Baseline,
    bool RestoreBestWeights,
    int StartFromEpoch,
    bool Verbose) : CallbackSpec(Property, Description, Settings);

/// <summary><c>[EarlyStopping]</c>: <see cref="Declarative.Callbacks.EarlyStopping{TLogs}"/> over the monitored value.</summary>
internal static class EarlyStoppingCallback
{
    public static EarlyStoppingSpec? Read(AttributeReader reader, ReadContext context)
    {
        var settings = reader.Settings<EarlyStoppingAttribute>();
        var monitor = MonitorResolver.Resolve(reader, context, settings, batchLevel: false);
        var valid = Rules.InRange(reader, context, settings);
        Rules.MinDelta(reader, context, settings.MinDelta);
        if (settings.RestoreBestWeights && context.Previous<EarlyStoppingSpec>().Any(e => e.RestoreBestWeights))
        {
            context.Problems.Report(DiagnosticDescriptors.DuplicateRestoreBestWeights, () => reader.Location(nameof(EarlyStoppingAttribute.RestoreBestWeights)));
            valid = false;
        }

        // DCB0043: the weights at the end of training are the average's (rows read before this one).
        if (settings.RestoreBestWeights && context.Callbacks.FirstOrDefault(c => c is EMAWeightAveragingSpec or StochasticWeightAveragingSpec) is { } averaging)
        {
            context.Problems.Report(DiagnosticDescriptors.RestoreBestWeightsWithAveraging, () => reader.Location(nameof(EarlyStoppingAttribute.RestoreBestWeights)), averaging.Description);
            valid = false;
        }

        if (monitor is null || !valid) return null;
        var (description, code) = Rules.Describe(settings);
        return new EarlyStoppingSpec(
            context.PropertyName("EarlyStopping"),
            description,
            code,
            monitor,
            Math.Abs(settings.MinDelta),
            settings.Patience,
            double.IsNaN(settings.Baseline) ? null : settings.Baseline,
            settings.RestoreBestWeights,
            settings.StartFromEpoch,
            settings.Verbose);
    }

    public static CallbackCode Emit(EarlyStoppingSpec spec, ModelSpec model)
    {
        var monitor = spec.Monitor;
        var code = new CallbackCode(spec, $"global::Declarative.Callbacks.EarlyStopping<{model.LogsType}>", CallbackCode.Monitoring<EarlyStoppingAttribute>(spec, $"{model.LogsType}.Monitors.{monitor.Member}"))
            .On(TrainingHook.TrainBegin, "reset" + (monitor.IsValidation ? $"; fail now if no validation data ({monitor.Name})" : string.Empty))
            .On(TrainingHook.EpochEnd, $"read {monitor.Name} ({MetricDirections.Describe(monitor.Direction)}"
                + (spec.MinDelta > 0 ? $", by more than {Code.Literal(spec.MinDelta)}" : string.Empty)
                + (spec.Baseline is double baseline ? $"; patience resets only past {Code.Literal(baseline)}" : string.Empty)
                + ")"
                + (spec.RestoreBestWeights ? "; copy the weights when it improves" : string.Empty)
                + $"; stop after {Rules.Counted(Math.Max(spec.Patience, 1), "epoch")} without improvement"
                + (monitor.IsValidation ? " (only epochs that validate count)" : string.Empty)
                + (spec.StartFromEpoch > 0 ? $"; epochs before {spec.StartFromEpoch} are ignored" : string.Empty));
        if (spec.RestoreBestWeights) code.On(TrainingHook.TrainEnd, "restore the best epoch's weights (after any end but a failure)");
        else if (spec.Verbose) code.On(TrainingHook.TrainEnd, "report the stop");
        return code;
    }
}
