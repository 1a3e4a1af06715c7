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
    bool Verbose,
    double? StoppingThreshold,
    double? DivergenceThreshold,
    bool CheckFinite) : CallbackSpec(Property, Description, Settings);

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

        if (monitor is not null && settings.ThresholdOrder(monitor.Direction) is { } order)
        {
            context.Problems.Report(DiagnosticDescriptors.ValueOutOfRange, () => reader.Location(order.Setting), order.Setting, SettingsText.Literal(order.Value), order.Reason);
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
            settings.Verbose,
            double.IsNaN(settings.StoppingThreshold) ? null : settings.StoppingThreshold,
            double.IsNaN(settings.DivergenceThreshold) ? null : settings.DivergenceThreshold,
            settings.CheckFinite);
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
                + Immediate(spec, monitor)
                + (spec.StartFromEpoch > 0 ? $"; epochs before {spec.StartFromEpoch} are ignored" : string.Empty));
        if (spec.RestoreBestWeights) code.On(TrainingHook.TrainEnd, "restore the best epoch's weights (after any end but a failure)");
        else if (spec.Verbose) code.On(TrainingHook.TrainEnd, "report the stop");
        return code;
    }

    // The stops that do not wait for patience, in the order they are tested.
    private static string Immediate(EarlyStoppingSpec spec, MonitorSpec monitor)
    {
        var smaller = monitor.Direction == Declarative.MetricDirection.Minimize;
        var rules = new[]
        {
            spec.CheckFinite ? "it is NaN or infinite" : null,
            spec.StoppingThreshold is double goal ? $"it is {(smaller ? "below" : "above")} {Code.Literal(goal)} (goal reached)" : null,
            spec.DivergenceThreshold is double limit ? $"it is {(smaller ? "above" : "below")} {Code.Literal(limit)} (diverged)" : null,
        }.Where(r => r is not null).ToList();
        return rules.Count == 0 ? string.Empty : "; stop at once when " + string.Join(" or ", rules);
    }
}
