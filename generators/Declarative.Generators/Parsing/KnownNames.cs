namespace Declarative.Generators.Parsing;

/// <summary>Fully qualified names of the types the parser recognises.</summary>
internal static class KnownNames
{
    public const string EarlyStopping = "Declarative.EarlyStoppingAttribute";
    public const string ModelCheckpoint = "Declarative.ModelCheckpointAttribute";
    public const string LearningRateScheduler = "Declarative.LearningRateSchedulerAttribute";
    public const string ReduceLROnPlateau = "Declarative.ReduceLROnPlateauAttribute";
    public const string TerminateOnNaN = "Declarative.TerminateOnNaNAttribute";
    public const string CsvLogger = "Declarative.CsvLoggerAttribute";
    public const string TensorBoard = "Declarative.TensorBoardAttribute";
    public const string Callback = "Declarative.CallbackAttribute";
    public const string BackupAndRestore = "Declarative.BackupAndRestoreAttribute";
    public const string Accuracy = "Declarative.AccuracyAttribute";
    public const string BinaryAccuracy = "Declarative.BinaryAccuracyAttribute";
    public const string MeanAbsoluteError = "Declarative.MeanAbsoluteErrorAttribute";
    public const string MeanSquaredError = "Declarative.MeanSquaredErrorAttribute";
    public const string Metric = "Declarative.MetricAttribute";
    public const string OnTrainBegin = "Declarative.OnTrainBeginAttribute";
    public const string OnTrainEnd = "Declarative.OnTrainEndAttribute";
    public const string OnEpochBegin = "Declarative.OnEpochBeginAttribute";
    public const string OnEpochEnd = "Declarative.OnEpochEndAttribute";
    public const string OnTrainBatchBegin = "Declarative.OnTrainBatchBeginAttribute";
    public const string OnTrainBatchEnd = "Declarative.OnTrainBatchEndAttribute";

    /// <summary>Attributes on the model class that make it a Declarative model.</summary>
    public static readonly string[] ClassAttributes =
    {
        EarlyStopping, ModelCheckpoint, LearningRateScheduler, ReduceLROnPlateau, TerminateOnNaN, CsvLogger, TensorBoard, Callback, BackupAndRestore,
        Accuracy, BinaryAccuracy, MeanAbsoluteError, MeanSquaredError,
    };

    /// <summary>Attributes on the model's methods that make it a Declarative model.</summary>
    public static readonly string[] MethodAttributes =
    {
        Metric, OnTrainBegin, OnTrainEnd, OnEpochBegin, OnEpochEnd, OnTrainBatchBegin, OnTrainBatchEnd,
    };

    public const string Module = "TorchSharp.torch.nn.Module<T, TResult>";
    public const string Tensor = "TorchSharp.torch.Tensor";
    public const string TrainingSession = "Declarative.Training.TrainingSession";
    public const string TrainingEnd = "Declarative.TrainingEnd";

    // The hook interfaces of user-defined callbacks (generic ones by their definition).
    public const string IOnTrainBegin = "Declarative.IOnTrainBegin";
    public const string IOnEpochBegin = "Declarative.IOnEpochBegin";
    public const string IOnTrainBatchBegin = "Declarative.IOnTrainBatchBegin";
    public const string IOnTrainBatchEnd = "Declarative.IOnTrainBatchEnd";
    public const string IOnTrainBatchEndWithLogs = "Declarative.IOnTrainBatchEnd<TLogs>";
    public const string IOnEpochEnd = "Declarative.IOnEpochEnd<TLogs>";
    public const string IOnTrainEnd = "Declarative.IOnTrainEnd";
    public const string IPersistentState = "Declarative.IPersistentState";
}
