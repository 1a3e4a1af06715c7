using Declarative.Training;

namespace Declarative;

// The hooks a callback can implement, one small interface each (one row of HookTable each), so that the generator calls
// exactly the hooks its type has: a user-defined callback's (see CallbackAttribute) as a built-in one's. TLogs is the
// model's generated logs type; a callback serving any model is generic over it
// (class Logger<TLogs> : IOnEpochEnd<TLogs> where TLogs : struct, ITrainingLogs<TLogs>).

/// <summary>
/// Every hook of a run, as a model's generated dispatcher implements them, each calling the run's callbacks that handle
/// it, in order. The training loop is generic over the dispatcher, so each call is direct.
/// </summary>
/// <typeparam name="TLogs">The model's generated logs type.</typeparam>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public interface ITrainingHooks<TLogs> :
    IOnSetup, IOnTrainBegin, IOnEpochBegin, IOnTrainBatchBegin, IOnOptimizerStep, IOnTrainBatchEnd, IOnEpochEnd<TLogs>, IOnTrainInterrupted, IOnTrainEnd,
    IOnPassBegin, IOnTestBegin, IOnTestBatchBegin, IOnTestBatchEnd, IOnTestEnd<TLogs>,
    IOnPredictBegin, IOnPredictBatchBegin, IOnPredictBatchEnd, IOnPredictEnd, IOnPassEnd
    where TLogs : struct, ITrainingLogs<TLogs>
{
}

/// <summary>
/// Called when a run is set up, before any callback's train begin: claim what the run must own alone
/// (<see cref="TrainingSession.ClaimFolder"/>), so that a second process training into the same folders fails before any
/// file is touched.
/// </summary>
public interface IOnSetup
{
    /// <summary>The run is being set up.</summary>
    void OnSetup(TrainingSession session);
}

/// <summary>Called when training begins, after the built-in callbacks reset; the session gives the model and optimizer.</summary>
public interface IOnTrainBegin
{
    /// <summary>Training begins.</summary>
    void OnTrainBegin(TrainingSession session);
}

/// <summary>Called at the beginning of each epoch, after learning-rate schedules.</summary>
public interface IOnEpochBegin
{
    /// <summary>An epoch begins (0-based).</summary>
    void OnEpochBegin(int epoch);
}

/// <summary>Called before each training batch.</summary>
public interface IOnTrainBatchBegin
{
    /// <summary>A batch begins (0-based within the epoch).</summary>
    void OnTrainBatchBegin(int batch);
}

/// <summary>
/// Called after each optimizer step: after every batch, or after each group of <c>[AccumulateGradients]</c> batches
/// (and an epoch's last, shorter group); a step that optimizes by hand, or a loop of your own, counts one per batch.
/// What per-step schedules, weight averaging and step-based saves run on.
/// </summary>
public interface IOnOptimizerStep
{
    /// <summary>An optimizer step was taken; <paramref name="step"/> counts the run's steps from 0 (a resumed run goes on counting).</summary>
    void OnOptimizerStep(long step);
}

/// <summary>Called after each training batch's optimizer step, without values (nothing is read from the device).</summary>
public interface IOnTrainBatchEnd
{
    /// <summary>A batch ended (0-based within the epoch).</summary>
    void OnTrainBatchEnd(int batch);
}

/// <summary>Called after each training batch with the running values of the epoch (read from the device for each call).</summary>
public interface IOnTrainBatchEnd<TLogs> where TLogs : struct, ITrainingLogs<TLogs>
{
    /// <summary>A batch ended (0-based within the epoch).</summary>
    void OnTrainBatchEnd(int batch, in TLogs logs);
}

/// <summary>Called at the end of each epoch, without its values.</summary>
public interface IOnEpochEnd
{
    /// <summary>An epoch ended (0-based).</summary>
    void OnEpochEnd(int epoch);
}

/// <summary>Called at the end of each epoch with its values.</summary>
public interface IOnEpochEnd<TLogs> where TLogs : struct, ITrainingLogs<TLogs>
{
    /// <summary>An epoch ended (0-based).</summary>
    void OnEpochEnd(int epoch, in TLogs logs);
}

/// <summary>
/// Called when training stops before its planned end without a callback asking (the run was cancelled, a signal stopped
/// it, or an exception escaped), before any train-end hook restores or closes anything: the last point to save the
/// run's latest state (the end says why; after a failure the state may be that of a batch half done).
/// </summary>
public interface IOnTrainInterrupted
{
    /// <summary>Training is being interrupted.</summary>
    void OnTrainInterrupted(TrainingEnd end);
}

/// <summary>Called when training ends, for whatever reason.</summary>
public interface IOnTrainEnd
{
    /// <summary>Training ended.</summary>
    void OnTrainEnd(TrainingEnd end);
}

/// <summary>
/// Called when a pass of the model outside training begins (Fit's validation pass, <c>Evaluate</c>, <c>Predict</c>),
/// before its test or predict hooks: the place to change what the pass runs with, as weight averaging swaps its averaged
/// weights in. <see cref="IOnPassEnd"/> is always called after it, however the pass ends.
/// </summary>
public interface IOnPassBegin
{
    /// <summary>A pass outside training begins.</summary>
    void OnPassBegin();
}

/// <summary>
/// Called when a pass that <see cref="IOnPassBegin"/> began ends, however it ends (its values read, cancelled, or
/// failed): after its test or predict end hooks, and before anything else of the run runs (an interruption's backup, a
/// failure's hooks), so that no checkpoint or backup ever sees what <see cref="IOnPassBegin.OnPassBegin"/> changed.
/// </summary>
public interface IOnPassEnd
{
    /// <summary>The pass ended; put back what <see cref="IOnPassBegin.OnPassBegin"/> changed.</summary>
    void OnPassEnd();
}

/// <summary>Called when a validation pass inside Fit, or Evaluate, begins (Keras's <c>on_test_begin</c>).</summary>
public interface IOnTestBegin
{
    /// <summary>The pass begins.</summary>
    void OnTestBegin();
}

/// <summary>Called before each batch of a validation pass or of Evaluate.</summary>
public interface IOnTestBatchBegin
{
    /// <summary>A batch begins (0-based within the pass).</summary>
    void OnTestBatchBegin(int batch);
}

/// <summary>Called after each batch of a validation pass or of Evaluate.</summary>
public interface IOnTestBatchEnd
{
    /// <summary>A batch ended (0-based within the pass).</summary>
    void OnTestBatchEnd(int batch);
}

/// <summary>Called when a validation pass or Evaluate ends, with its values in the un-prefixed members (as Evaluate returns them).</summary>
public interface IOnTestEnd<TLogs> where TLogs : struct, ITrainingLogs<TLogs>
{
    /// <summary>The pass ended.</summary>
    void OnTestEnd(in TLogs logs);
}

/// <summary>Called when Predict begins (Keras's <c>on_predict_begin</c>).</summary>
public interface IOnPredictBegin
{
    /// <summary>The prediction begins.</summary>
    void OnPredictBegin();
}

/// <summary>Called before each batch of Predict.</summary>
public interface IOnPredictBatchBegin
{
    /// <summary>A batch begins (0-based).</summary>
    void OnPredictBatchBegin(int batch);
}

/// <summary>Called after each batch of Predict.</summary>
public interface IOnPredictBatchEnd
{
    /// <summary>A batch ended (0-based).</summary>
    void OnPredictBatchEnd(int batch);
}

/// <summary>Called when Predict ends.</summary>
public interface IOnPredictEnd
{
    /// <summary>The prediction ended.</summary>
    void OnPredictEnd();
}
