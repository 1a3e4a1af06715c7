using System;
using System.Collections.Generic;
using System.Linq;
using Declarative.Generators.Models;
using Declarative.Generators.Parsing;

namespace Declarative.Generators.Callbacks;

/// <summary>
/// Every kind of callback a model can declare, one row each: the generator's pipelines, the order callbacks run in,
/// the one-learning-rate-setter rule and the analyzer's triggers all come from this table. Adding a callback is adding
/// a row (and its file in this folder, and its runtime type in <c>src/Declarative/Callbacks</c>): see docs/contributing.md.
/// </summary>
internal static class CallbackKinds
{
    /// <summary>
    /// The kinds in the order their callbacks run at every hook, whatever the order of the attributes: the ones that set
    /// the learning rate first (so the rate an epoch uses is set before anything reads it; stochastic weight averaging
    /// last of them, as it takes the rate over from its start epoch), then the exponential weight average (so that an
    /// epoch's average is updated before anything saves it, and the model holds it before any other train end runs), then
    /// the model's summary (it only prints, at train begin, before any other callback's message), then the ones that
    /// decide (stop on NaN, early stopping, the time budget), then the ones that save, then user callbacks and hook methods,
    /// then the ones that only record (CSV, TensorBoard), and BackupAndRestore last. The training loop's own steps
    /// (History, progress, backups) follow them (<see cref="Declarative.Training.LoopSteps"/>).
    /// </summary>
    public static readonly CallbackKind[] All =
    [
        CallbackKind.Of<LearningRateSchedulerAttribute, LearningRateSchedulerSpec>("Declarative.Callbacks.LearningRateScheduler", LearningRateSchedulerCallback.Read, LearningRateSchedulerCallback.Emit, LearningRateUse.Sets),
        CallbackKind.Of<ReduceLROnPlateauAttribute, ReduceLROnPlateauSpec>("Declarative.Callbacks.ReduceLROnPlateau`1", ReduceLROnPlateauCallback.Read, ReduceLROnPlateauCallback.Emit, LearningRateUse.Multiplies),
        CallbackKind.Of<WarmupCosineScheduleAttribute, ScheduleSpec<WarmupCosineScheduleAttribute>>("Declarative.Callbacks.WarmupCosineSchedule", WarmupCosineScheduleCallback.Read, WarmupCosineScheduleCallback.Emit, LearningRateUse.Sets),
        CallbackKind.Of<OneCycleScheduleAttribute, ScheduleSpec<OneCycleScheduleAttribute>>("Declarative.Callbacks.OneCycleSchedule", OneCycleScheduleCallback.Read, OneCycleScheduleCallback.Emit, LearningRateUse.Sets),
        CallbackKind.Of<LinearScheduleAttribute, ScheduleSpec<LinearScheduleAttribute>>("Declarative.Callbacks.LinearSchedule", LinearScheduleCallback.Read, LinearScheduleCallback.Emit, LearningRateUse.Multiplies),
        CallbackKind.Of<TorchSchedulerAttribute, TorchSchedulerSpec>("Declarative.Callbacks.TorchScheduler", TorchSchedulerCallback.Read, TorchSchedulerCallback.Emit, LearningRateUse.Sets),
        CallbackKind.Of<StochasticWeightAveragingAttribute, StochasticWeightAveragingSpec>("Declarative.Callbacks.StochasticWeightAveraging", StochasticWeightAveragingCallback.Read, StochasticWeightAveragingCallback.Emit, LearningRateUse.Sets),
        CallbackKind.Of<EMAWeightAveragingAttribute, EMAWeightAveragingSpec>("Declarative.Callbacks.EMAWeightAveraging", EMAWeightAveragingCallback.Read, EMAWeightAveragingCallback.Emit),
        CallbackKind.Of<ModelSummaryAttribute, ModelSummarySpec>("Declarative.Callbacks.ModelSummaryPrinter", ModelSummaryCallback.Read, ModelSummaryCallback.Emit),
        CallbackKind.Of<TerminateOnNaNAttribute, TerminateOnNaNSpec>("Declarative.Callbacks.TerminateOnNaN", TerminateOnNaNCallback.Read, TerminateOnNaNCallback.Emit),
        CallbackKind.Of<EarlyStoppingAttribute, EarlyStoppingSpec>("Declarative.Callbacks.EarlyStopping`1", EarlyStoppingCallback.Read, EarlyStoppingCallback.Emit),
        CallbackKind.Of<TimerAttribute, TimerSpec>("Declarative.Callbacks.Timer`1", TimerCallback.Read, TimerCallback.Emit),
        CallbackKind.Of<ModelCheckpointAttribute, ModelCheckpointSpec>("Declarative.Callbacks.ModelCheckpoint`1", ModelCheckpointCallback.Read, ModelCheckpointCallback.Emit),
        CallbackKind.Of<CallbackAttribute, UserCallbackSpec>(runtimeType: null, UserCallback.Read, UserCallback.Emit),
        CallbackKind.Of<HookSpec>("Hooks", HookCallback.Attributes.Select(a => a.Attribute).ToArray(), HookCallback.Read, HookCallback.Emit),
        CallbackKind.Of<CsvLoggerAttribute, CsvLoggerSpec>("Declarative.Callbacks.CsvLogger`1", CsvLoggerCallback.Read, CsvLoggerCallback.Emit),
        CallbackKind.Of<TensorBoardAttribute, TensorBoardSpec>("Declarative.Callbacks.TensorBoard`1", TensorBoardCallback.Read, TensorBoardCallback.Emit),
        CallbackKind.Of<BackupAndRestoreAttribute, BackupAndRestoreSpec>("Declarative.Callbacks.BackupAndRestore", BackupAndRestoreCallback.Read, BackupAndRestoreCallback.Emit),
    ];

    private static readonly Dictionary<Type, CallbackKind> BySpec = All.ToDictionary(k => k.Spec);

    /// <summary>The kind each attribute declares, by the attribute's metadata name.</summary>
    public static readonly IReadOnlyDictionary<string, CallbackKind> ByAttribute =
        All.SelectMany(k => k.Attributes.Select(a => (Attribute: a, Kind: k))).ToDictionary(a => a.Attribute, a => a.Kind);

    /// <summary>The kind a spec was read by.</summary>
    public static CallbackKind Of(CallbackSpec spec) => BySpec[spec.GetType()];

    /// <summary>The attributes on a model class that make it a Declarative model: every class-level callback, built-in metric and gradient setting.</summary>
    public static readonly IReadOnlyList<string> ClassTriggers =
        All.Where(k => !k.OnMethods).SelectMany(k => k.Attributes).Concat(MetricCatalog.ClassAttributes).Concat(StepReader.GradientAttributes).ToArray();

    /// <summary>The attributes on a model's methods that make it a Declarative model: the hooks, <c>[Metric]</c> and the steps.</summary>
    public static readonly IReadOnlyList<string> MethodTriggers =
        All.Where(k => k.OnMethods).SelectMany(k => k.Attributes).Append(MetricCatalog.MetricAttributeName).Concat(StepReader.Attributes).ToArray();
}
