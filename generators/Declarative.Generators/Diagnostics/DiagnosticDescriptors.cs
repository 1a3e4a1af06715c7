using System.Linq;
using Microsoft.CodeAnalysis;

namespace Declarative.Generators.Diagnostics;

/// <summary>
/// Every diagnostic Declarative reports. The analyzer reports them as the user types; the generator skips the models
/// they apply to without reporting anything. Each ID has a page in docs/diagnostics with a wrong and a fixed example.
/// </summary>
internal static class DiagnosticDescriptors
{
    public const string ModelMustBePartialId = "DCB0001";
    public const string ModelMustBeModuleId = "DCB0002";
    public const string ModelCannotBeGenericId = "DCB0003";
    public const string UnknownMonitorId = "DCB0004";
    public const string ModeContradictsDirectionId = "DCB0005";
    public const string UnknownDirectionId = "DCB0006";
    public const string UnknownPlaceholderId = "DCB0007";
    public const string InvalidFormatSpecifierId = "DCB0008";
    public const string InvalidFilePathId = "DCB0009";
    public const string WrongLevelId = "DCB0010";
    public const string ScheduleMethodNotFoundId = "DCB0011";
    public const string ScheduleMethodNotStaticId = "DCB0012";
    public const string ScheduleMethodSignatureId = "DCB0013";
    public const string HookMethodSignatureId = "DCB0014";
    public const string ValueOutOfRangeId = "DCB0015";
    public const string SaveBestOnlyWithoutMonitorId = "DCB0016";
    public const string ConflictingLearningRateSettersId = "DCB0017";
    public const string DuplicateRestoreBestWeightsId = "DCB0018";
    public const string DuplicateCallbackId = "DCB0019";
    public const string NegativeMinDeltaId = "DCB0020";
    public const string MetricMethodSignatureId = "DCB0021";
    public const string InvalidMetricNameId = "DCB0022";
    public const string InvalidCallbackTypeId = "DCB0023";
    public const string StepSignatureId = "DCB0024";
    public const string StepReturnsNoLossId = "DCB0025";
    public const string MetricsNeedOutputId = "DCB0026";
    public const string KnobWithManualOptimizationId = "DCB0027";
    public const string NoDefaultStepId = "DCB0028";
    public const string UnknownOptimizerId = "DCB0029";
    public const string ValidationStepNeededId = "DCB0030";
    public const string ComponentsNotRegisteredId = "DCB0031";
    public const string CallbackStateNotBackedUpId = "DCB0032";
    public const string DerivedModelDeclaresMetricsId = "DCB0033";
    public const string InheritedHookIsPrivateId = "DCB0034";
    public const string DerivedModelSharesFilesId = "DCB0035";
    public const string InvalidCustomMetricId = "DCB0036";
    public const string CheckpointSettingsConflictId = "DCB0046";
    public const string SchedulerFactoryId = "DCB0037";
    public const string RestoreBestWeightsWithAveragingId = "DCB0043";
    public const string TwoWeightAveragesId = "DCB0044";
    public const string FinderSettingOutOfRangeId = "DCB0047";
    public const string CheckpointFormatMismatchId = "DCB0048";

    private const string Usage = "Declarative.Usage";
    private const string Configuration = "Declarative.Configuration";
    // The pages in docs/diagnostics, where the package says its repository is: RepositoryUrl (Directory.Build.props),
    // which the SDK stamps into this assembly, so the links follow the package's metadata instead of restating it.
    private static readonly string HelpLinkBase = RepositoryUrl() + "/blob/main/docs/diagnostics/";

    private static string RepositoryUrl() =>
        typeof(DiagnosticDescriptors).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), inherit: false)
            .OfType<System.Reflection.AssemblyMetadataAttribute>().First(a => a.Key == "RepositoryUrl").Value!.TrimEnd('/');

    public static readonly DiagnosticDescriptor ModelMustBePartial = Error(
        ModelMustBePartialId, Usage,
        "Model class must be partial",
        "'{0}' has Declarative callback or metric attributes, so the generator adds its Fit method and callbacks to it; declare {1} 'partial'",
        "The generator adds the Fit method, the callbacks and the dispatcher to the model class, which needs every declaration of the class (and of the types it is nested in) to be partial.");

    public static readonly DiagnosticDescriptor ModelMustBeModule = Error(
        ModelMustBeModuleId, Usage,
        "Model class must be a TorchSharp module",
        "'{0}' has Declarative attributes but is not a TorchSharp module; derive from torch.nn.Module<...> (Module<Tensor, Tensor>, Module<Tensor, Tensor, Tensor>, or any signature with a [TrainingStep] method) or remove the attributes",
        "Fit trains a TorchSharp module, so the annotated class must derive from one of torch.nn.Module's generic forms. A module of tensors to a tensor trains with the default step; any other module declares its own [TrainingStep].");

    public static readonly DiagnosticDescriptor ModelCannotBeGeneric = Error(
        ModelCannotBeGenericId, Usage,
        "Model class cannot be generic or nested in a generic type",
        "'{0}' is {1}; Declarative generates a logs type and a dispatcher per model and needs a non-generic model class",
        "Move the annotated model to a non-generic class that is not nested in a generic type.");

    public static readonly DiagnosticDescriptor UnknownMonitor = Error(
        UnknownMonitorId, Configuration,
        "Monitored metric is not produced by the model",
        "'{0}' is not a metric this model produces{1}; available: {2}",
        "A callback monitors a metric by name. The names a model produces are known at compile time: loss and val_loss, each declared metric and its val_ twin, and learning_rate.");

    public static readonly DiagnosticDescriptor ModeContradictsDirection = Error(
        ModeContradictsDirectionId, Configuration,
        "Mode contradicts the metric's direction",
        "Mode = {0} treats {1} '{2}' as an improvement, but '{2}' is declared to {3}; remove Mode (Auto takes the declared direction) or monitor another metric",
        "The direction of built-in and declared metrics is known, so an explicit Mode that contradicts it would save the worst model or stop on improvement.");

    public static readonly DiagnosticDescriptor UnknownDirection = Error(
        UnknownDirectionId, Configuration,
        "Monitored metric has no known direction",
        "'{0}' does not declare whether smaller or larger is better, so Mode = Auto cannot decide what an improvement is; set Mode = MonitorMode.Min or MonitorMode.Max{1}",
        "Keras guessed directions from metric names and silently got AUC, precision and the like wrong. Declarative takes the direction from the metric's declaration and asks for an explicit Mode when there is none.");

    public static readonly DiagnosticDescriptor UnknownPlaceholder = Error(
        UnknownPlaceholderId, Configuration,
        "File-name placeholder names no available value",
        "The file name uses '{{{0}}}', which no metric provides{1}; available: {2}",
        "File-name placeholders are filled from the epoch, the batch (for batch-level saves) and the model's metrics, by name.");

    public static readonly DiagnosticDescriptor InvalidFormatSpecifier = Error(
        InvalidFormatSpecifierId, Configuration,
        "Format specifier cannot format the value",
        "'{{{0}:{1}}}' is not a valid format for {2}: {3}",
        "Placeholders use Python's format mini-language: {epoch:02d} for integers, {val_loss:.3f}, {loss:.2e} or {accuracy:.1%} for metric values.");

    public static readonly DiagnosticDescriptor InvalidFilePath = Error(
        InvalidFilePathId, Configuration,
        "File path is invalid",
        "The file path \"{0}\" is invalid: {1}",
        "File paths must be non-empty, well-formed templates without characters that are invalid in file names on some system (< > \" | ? * and control characters).");

    public static readonly DiagnosticDescriptor WrongLevel = Error(
        WrongLevelId, Configuration,
        "Value is not available at this save frequency",
        "'{0}' is not available {1}; {2}",
        "Epoch-level saves know the epoch and all epoch metrics but no batch; batch-level saves (SaveFrequency) know the epoch, the batch and the running training metrics, but no validation metrics.");

    public static readonly DiagnosticDescriptor ScheduleMethodNotFound = Error(
        ScheduleMethodNotFoundId, Configuration,
        "Schedule method not found",
        "'{0}' has no method named '{1}'{2}; add 'static double {1}(int epoch, double learningRate)'",
        "LearningRateScheduler names a static method of the model with nameof.");

    public static readonly DiagnosticDescriptor ScheduleMethodNotStatic = Error(
        ScheduleMethodNotStaticId, Configuration,
        "Schedule method must be static",
        "The schedule method '{0}' must be static",
        "The schedule maps an epoch (and the current learning rate) to a learning rate and must not depend on the model instance.");

    public static readonly DiagnosticDescriptor ScheduleMethodSignature = Error(
        ScheduleMethodSignatureId, Configuration,
        "Schedule method has the wrong signature",
        "The schedule method '{0}' must be 'static double {0}(int epoch, double learningRate)' or 'static double {0}(int epoch)', not '{1}'",
        "The schedule is called with the signature the compiler saw: (int epoch, double learningRate) or (int epoch), returning the learning rate as a double.");

    public static readonly DiagnosticDescriptor HookMethodSignature = Error(
        HookMethodSignatureId, Configuration,
        "Hook method has the wrong signature",
        "[{0}] method '{1}' has the wrong signature; it must be {2}",
        "Hook methods receive the values of the event they handle, with the model's typed logs.");

    public static readonly DiagnosticDescriptor ValueOutOfRange = Error(
        ValueOutOfRangeId, Configuration,
        "Value out of range",
        "{0} = {1} is out of range: {2}",
        "Some callback settings only make sense in a range (patience ≥ 0, save frequency ≥ 1, 0 < factor < 1, ...).");

    public static readonly DiagnosticDescriptor SaveBestOnlyWithoutMonitor = Error(
        SaveBestOnlyWithoutMonitorId, Configuration,
        "SaveBestOnly needs an explicit Monitor",
        "SaveBestOnly saves when the monitored metric improves; say which one with Monitor (for example Monitor = \"val_loss\")",
        "Keras silently falls back to val_loss, which does not exist without validation data. Declarative asks for the monitored metric to be named.");

    public static readonly DiagnosticDescriptor ConflictingLearningRateSetters = Error(
        ConflictingLearningRateSettersId, Configuration,
        "Two callbacks set the learning rate",
        "{0} and {1} both set the learning rate, so each would undo the other; keep one, or give them different optimizers (Optimizer = ...){2}",
        "Only one callback may own an optimizer's learning rate, unless both multiply the rate they find (ReduceLROnPlateau, LinearSchedule), which keeps what the other did.");

    public static readonly DiagnosticDescriptor DuplicateRestoreBestWeights = Error(
        DuplicateRestoreBestWeightsId, Configuration,
        "Two EarlyStopping attributes restore best weights",
        "Another [EarlyStopping] on this model already restores its best weights; only one can decide which weights the model ends with",
        "Each EarlyStopping with RestoreBestWeights puts its own best epoch's weights back at the end of training; with two, the last one silently wins.");

    public static readonly DiagnosticDescriptor RestoreBestWeightsWithAveraging = Error(
        RestoreBestWeightsWithAveragingId, Configuration,
        "EarlyStopping restores best weights with weight averaging",
        "RestoreBestWeights would put a best epoch's own weights back, but {0} ends training with the averaged weights; only one can decide which weights the model ends with: remove RestoreBestWeights, and keep the best average with a ModelCheckpoint(SaveBestOnly = true) (Checkpoint.LoadAveragedWeights)",
        "With weight averaging the model ends training holding the averaged weights, and with [EMAWeightAveraging] validation measures them, so the value EarlyStopping calls best belongs to weights it never copies. A checkpoint saved when the value improves holds the averaged weights that gave it.");

    public static readonly DiagnosticDescriptor TwoWeightAverages = Error(
        TwoWeightAveragesId, Configuration,
        "Two weight averages",
        "{0} and {1} both average the model's weights, and each would put its own average into the model; keep one",
        "A model keeps one average of its weights: [EMAWeightAveraging] (an exponential average, swapped in for validation) or [StochasticWeightAveraging] (an equal average of the last epochs, with its own learning rate). Each ends training by putting its average into the model.");

    public static readonly DiagnosticDescriptor DuplicateCallback = Error(
        DuplicateCallbackId, Configuration,
        "Callback repeated",
        "{0}",
        "Some callbacks make sense only once per model, or only once per file.");

    public static readonly DiagnosticDescriptor NegativeMinDelta = new(
        NegativeMinDeltaId,
        "MinDelta is negative",
        "MinDelta = {0} is used as its absolute value, {1}, as in Keras; write the positive value",
        Configuration,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Keras takes the absolute value of min_delta, so a negative value does not mean 'allow a small regression'.",
        helpLinkUri: HelpLinkBase + NegativeMinDeltaId + ".md");

    public static readonly DiagnosticDescriptor MetricMethodSignature = Error(
        MetricMethodSignatureId, Configuration,
        "Metric method has the wrong signature",
        "[Metric] method '{0}' must be 'Tensor {0}(Tensor output, Tensor target)', or take what the model's [TrainingStep] returns",
        "A metric method computes the metric's values for one batch from the model's output and the target.");

    public static readonly DiagnosticDescriptor InvalidMetricName = Error(
        InvalidMetricNameId, Configuration,
        "Invalid metric name",
        "The metric name '{0}' {1}",
        "Metric names are snake_case (lower-case letters, digits, underscores, starting with a letter), unique, and not reserved (loss, learning_rate, epoch, batch, val_*).");

    public static readonly DiagnosticDescriptor InvalidCallbackType = Error(
        InvalidCallbackTypeId, Configuration,
        "Callback type cannot be used",
        "'{0}' cannot be used as a callback: {1}",
        "A user-defined callback is a non-abstract class with a public parameterless constructor that implements at least one hook interface (IOnTrainBegin, IOnEpochEnd<TLogs>, ...), for this model's logs type or generic over it.");

    public static readonly DiagnosticDescriptor InvalidCustomMetric = Error(
        InvalidCustomMetricId, Configuration,
        "Custom metric type cannot be used",
        "'{0}' cannot be used as a metric: {1}",
        "A metric of one's own is a non-abstract, non-generic class deriving from Declarative.Metrics.StatefulMetric with a public constructor that takes the Device its state lives on.");

    public static readonly DiagnosticDescriptor CheckpointSettingsConflict = Error(
        CheckpointSettingsConflictId, Configuration,
        "Checkpoint settings do not fit together",
        "{0} = {1} does not fit: {2}",
        "A ranked checkpoint (SaveTopK) ranks by a monitored value and needs a file name per kept file; the last file (LastFilePath) has one fixed name; a save on interruption goes to the last file; two ranked checkpoints in one folder would share its checkpoints.json.");
    public static readonly DiagnosticDescriptor CheckpointFormatMismatch = Error(
        CheckpointFormatMismatchId, Configuration,
        "Checkpoint format and file name disagree",
        "{0} = {1} does not fit the format: {2}",
        "A [ModelCheckpoint] with Format = CheckpointFormat.Safetensors writes safetensors files, which tools find by their .safetensors extension; one in TorchSharp's format (the default) must not be named .safetensors, or PyTorch's loader would be given a file it refuses. The last file (LastFilePath) is written in the same format.");
    public static readonly DiagnosticDescriptor SchedulerFactory = Error(
        SchedulerFactoryId, Configuration,
        "Scheduler factory method cannot be used",
        "The scheduler factory '{0}' cannot be used: {1}",
        "[TorchScheduler] names a static method of the model, 'static LRScheduler Create(Optimizer optimizer)', that makes a TorchSharp learning-rate scheduler for the optimizer it is given; the callbacks are made apart from the model's instance, and a ReduceLROnPlateau scheduler steps on a metric, which [ReduceLROnPlateau] does.");

    public static readonly DiagnosticDescriptor FinderSettingOutOfRange = Error(
        FinderSettingOutOfRangeId, Configuration,
        "Learning-rate finder setting out of range",
        "{0}",
        "The learning-rate finder sweeps rates rising from MinLearningRate (above 0) to MaxLearningRate (greater), one per step (at least 2), and stops early past EarlyStopThreshold times the best loss (at least 1). Settings written as constants are checked where they are written.");

    public static readonly DiagnosticDescriptor StepSignature = Error(
        StepSignatureId, Usage,
        "Step method has the wrong signature",
        "[{0}] method '{1}' cannot be a step: {2}",
        "A training step takes one batch (of any type), then the optimizers it steps itself if it optimizes by hand; a validation step takes one batch of the same type. A model has at most one of each.");

    public static readonly DiagnosticDescriptor StepReturnsNoLoss = Error(
        StepReturnsNoLossId, Usage,
        "Step returns no loss",
        "[{0}] method '{1}' returns {2}, which has no loss; return the batch's loss (a Tensor), a StepResult, or a type of your own with a Tensor member named Loss",
        "The loop runs backward on the loss the training step returns, and every model's logs have loss and val_loss.");

    public static readonly DiagnosticDescriptor MetricsNeedOutput = Error(
        MetricsNeedOutputId, Usage,
        "Metric needs what the step does not return",
        "{0} is computed from the model's output and the target, but '{1}' returns {2}; return new StepResult(loss, output, target) (or a type with Output and Target tensors), or compute the metric in a [Metric] method taking {2}",
        "Built-in metrics and [Metric] methods of (output, target) read the output and the target of each batch from what the step returns.");

    public static readonly DiagnosticDescriptor KnobWithManualOptimization = Error(
        KnobWithManualOptimizationId, Usage,
        "Gradient setting with a step that optimizes by hand",
        "{0} acts between backward and the optimizer step, which '{1}' runs itself (it takes its optimizers); remove {0}, and clip or accumulate in the step",
        "Gradient clipping and accumulation are applied by the loop around the default or an automatic training step; a step that takes its optimizers decides when to run backward and step.");

    public static readonly DiagnosticDescriptor NoDefaultStep = Error(
        NoDefaultStepId, Usage,
        "Model needs a training step",
        "'{0}' is a {1}, which the default step (forward on tensor inputs, then the loss of a tensor output and the target) cannot train; declare a [TrainingStep] method that takes a batch and returns its loss",
        "The default step needs a module whose inputs and output are tensors. A model of other inputs or outputs (tuples, records, strings) declares its own training step, and Fit then takes its batches.");

    public static readonly DiagnosticDescriptor UnknownOptimizer = Error(
        UnknownOptimizerId, Configuration,
        "Learning-rate callback names an optimizer Fit does not get",
        "'{0}' is not an optimizer of this model's Fit; its optimizers are {1}",
        "A learning-rate callback sets the rate of the optimizer it names (a parameter of the training step that optimizes by hand), or of every optimizer when it names none.");

    public static readonly DiagnosticDescriptor ValidationStepNeeded = Error(
        ValidationStepNeededId, Usage,
        "Validation value without a validation step",
        "'{0}' is measured on the validation data, but the training step '{1}' optimizes by hand, so validation cannot reuse it; declare a [ValidationStep] method taking the same batch",
        "Without a [ValidationStep], validation runs the training step in eval mode under no_grad, which a step that runs backward and the optimizers itself cannot do.");

    public static readonly DiagnosticDescriptor ComponentsNotRegistered = new(
        ComponentsNotRegisteredId,
        "Model never registers its layers",
        "'{0}' has layers ({1}) but no constructor calls RegisterComponents(), so TorchSharp sees no parameters and Fit would train nothing; call RegisterComponents() at the end of the constructor",
        Usage,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "TorchSharp finds a module's layers and parameters when its constructor calls RegisterComponents(). Without it, model.parameters() is empty: the optimizer has nothing to update and the loss stays where it started. Fit also refuses such a model before the first batch.",
        helpLinkUri: HelpLinkBase + ComponentsNotRegisteredId + ".md");

    public static readonly DiagnosticDescriptor CallbackStateNotBackedUp = new(
        CallbackStateNotBackedUpId,
        "Callback state is lost on resume",
        "'{0}' keeps state in {1}, which [BackupAndRestore] cannot save: a resumed run would start it afresh in the middle of training; implement IPersistentState (SaveState and LoadState) to carry it over",
        Usage,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A backup saves the state of every built-in callback and of user callbacks that implement IPersistentState. Another user callback's fields (counters, collected values) would be reset by a resume, so its output would differ from an uninterrupted run's. Fields that hold the TrainingSession, and read-only fields of values that do not change, are not state.",
        helpLinkUri: HelpLinkBase + CallbackStateNotBackedUpId + ".md");

    public static readonly DiagnosticDescriptor DerivedModelDeclaresMetrics = Error(
        DerivedModelDeclaresMetricsId, Usage,
        "Derived model declares a metric or a step",
        "'{0}' derives from the model '{2}', whose logs type, metrics and steps it shares; declare {1} on '{2}', or do not derive from it",
        "A model derived from a model adds callbacks to the ones it inherits; its logs type (and so its metrics), its training and validation steps and its gradient settings are the root model's, so that Fit called through the base type and through the derived type train the same way.");

    public static readonly DiagnosticDescriptor DerivedModelSharesFiles = new(
        DerivedModelSharesFilesId,
        "Derived model writes its base's files",
        "'{0}' derives from '{1}' and inherits {2}, so a '{0}' run writes \"{3}\", where a '{1}' run writes; put {{model}} in the path (\"{4}\"), which each model fills with its class's name, or make '{1}' abstract if it is never trained itself",
        Usage,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A model derived from a model runs every callback it inherits. A CSV log, TensorBoard folder, checkpoint or backup declared on a base model that is trained too would be written by both: a fine-tuning run would replace the pretraining run's history and best checkpoint without a word. {model} in the path gives each model its own files.",
        helpLinkUri: HelpLinkBase + DerivedModelSharesFilesId + ".md");

    public static readonly DiagnosticDescriptor InheritedHookIsPrivate = Error(
        InheritedHookIsPrivateId, Usage,
        "Inherited hook method is private",
        "'{0}' inherits the hook method '{1}.{2}', which is private, so the generated code of '{0}' cannot call it; make it protected (or internal)",
        "A derived model's dispatcher calls the hook methods of every model above it, from the derived class.");

    private static DiagnosticDescriptor Error(string id, string category, string title, string message, string description) =>
        new(id, title, message, category, DiagnosticSeverity.Error, isEnabledByDefault: true, description: description, helpLinkUri: HelpLinkBase + id + ".md");
}
