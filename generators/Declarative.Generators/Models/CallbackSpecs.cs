namespace Declarative.Generators.Models;

/// <summary>The <c>[ReduceLROnPlateau]</c> attribute, validated.</summary>
internal sealed record ReduceLROnPlateauSpec(
    string Property,
    string Attribute,
    MonitorSpec Monitor,
    double Factor,
    int Patience,
    double MinDelta,
    int Cooldown,
    double MinLearningRate,
    bool Verbose);

/// <summary>The <c>[TerminateOnNaN]</c> attribute.</summary>
internal sealed record TerminateOnNaNSpec(string Property, string Attribute, bool RaiseError);

/// <summary>One <c>[CsvLogger]</c> attribute, validated.</summary>
internal sealed record CsvLoggerSpec(string Property, string Attribute, string FileName, char Separator, bool Append);

/// <summary>One <c>[TensorBoard]</c> attribute, validated.</summary>
internal sealed record TensorBoardSpec(string Property, string Attribute, string LogDirectory, int UpdateFrequency, int HistogramFrequency);

/// <summary>When a hook or user callback runs: every N-th epoch or batch (counted from 1), from a 0-based epoch.</summary>
internal sealed record FilterSpec(int EveryEpochs, int EveryBatches, int FromEpoch)
{
    public static readonly FilterSpec Always = new(1, 1, 0);

    public bool FiltersBatches => EveryBatches > 1;
}

/// <summary>Which hook interfaces a user callback implements.</summary>
[System.Flags]
internal enum HookSet
{
    None = 0,
    TrainBegin = 1,
    EpochBegin = 2,
    TrainBatchBegin = 4,
    TrainBatchEnd = 8,
    TrainBatchEndWithLogs = 16,
    EpochEnd = 32,
    TrainEnd = 64,
}

/// <summary>One <c>[Callback(typeof(...))]</c> attribute: a user-defined callback, with the hooks it implements.</summary>
/// <param name="Type">The fully qualified type, without type arguments.</param>
/// <param name="IsGeneric">Whether the type is generic over the logs type (closed with the model's logs type).</param>
/// <param name="IsPersistent">Whether it implements IPersistentState (its state goes into backups).</param>
internal sealed record UserCallbackSpec(string Property, string Attribute, string Type, bool IsGeneric, HookSet Hooks, FilterSpec Filter, bool IsPersistent);

/// <summary>The <c>[BackupAndRestore]</c> attribute, validated.</summary>
internal sealed record BackupAndRestoreSpec(
    string Property,
    string Attribute,
    string Directory,
    int SaveFrequency,
    bool KeepPreviousGeneration,
    bool DeleteOnCompletion,
    bool AllowConfigurationChange);

/// <summary>The lambda-hook attributes, one per hook.</summary>
internal enum HookKind
{
    TrainBegin,
    TrainEnd,
    EpochBegin,
    EpochEnd,
    TrainBatchBegin,
    TrainBatchEnd,
}

/// <summary>A model method marked with a hook attribute, with the arguments it takes.</summary>
/// <param name="Arguments">The argument list to call it with (<c>epoch, logs</c>), in the dispatcher's names.</param>
internal sealed record HookSpec(HookKind Kind, string Attribute, string Method, bool IsStatic, string Arguments, bool TakesLogs, FilterSpec Filter);
