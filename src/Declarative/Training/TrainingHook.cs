// Shared by the runtime library and the source generator (linked into both), so it stays netstandard2.0-compatible.
#nullable enable

namespace Declarative.Training;

/// <summary>The events of a training run, in the order they first occur; each callback hook handles one.</summary>
internal enum TrainingHook
{
    TrainBegin,
    EpochBegin,
    TrainBatchBegin,
    TrainBatchEnd,
    EpochEnd,
    TrainEnd,
    TestBegin,
    TestBatchBegin,
    TestBatchEnd,
    TestEnd,
    PredictBegin,
    PredictBatchBegin,
    PredictBatchEnd,
    PredictEnd,
}
