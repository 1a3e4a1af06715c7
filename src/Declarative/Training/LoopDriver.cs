using System;
using static TorchSharp.torch;

namespace Declarative.Training;

/// <summary>
/// A run of a model's declared callbacks, driven by a training loop of your own, for what <c>Fit</c> cannot express: call
/// it at each event, and it runs the callbacks, History, the progress display and backups exactly as <c>Fit</c> does. A
/// model's <c>CreateDriver</c> returns its <c>Driver</c>, which is one of these.
/// </summary>
/// <typeparam name="TCallbacks">The model's generated dispatcher.</typeparam>
/// <typeparam name="TLogs">The model's logs type.</typeparam>
/// <typeparam name="TStep">The model's generated step, which records each batch's result and its metrics.</typeparam>
/// <typeparam name="TResult">What the model's step returns (<see cref="StepResult"/> for the default step).</typeparam>
public abstract class LoopDriver<TCallbacks, TLogs, TStep, TResult> : IDisposable
    where TCallbacks : struct, ITrainingCallbacks<TLogs>
    where TLogs : struct, ITrainingLogs<TLogs>
    where TStep : struct, IStepRecorder<TResult>
{
    private readonly TrainingDriver<TCallbacks, TLogs> _core;
    private TStep _step;

    /// <summary>Creates the driver of a run (the generated <c>CreateDriver</c> does).</summary>
    protected LoopDriver(TrainingDriver<TCallbacks, TLogs> core, TStep step)
    {
        _core = core ?? throw new ArgumentNullException(nameof(core));
        _step = step;
    }

    /// <summary>The run, as the callbacks see it (the stop request, the current epoch, the optimizers, the counts of batches and steps).</summary>
    public TrainingSession Session => _core.Session;

    /// <summary>The epochs done so far; how the run ended, once it has.</summary>
    public History<TLogs> History => _core.History;

    /// <summary>Whether a callback asked to stop: end the epoch (validation and EndEpoch still run), then End.</summary>
    public bool StopRequested => _core.Session.StopRequested;

    /// <summary>Begins the run (the callbacks' setup and train begin, then the resume from a backup); returns where to start: skip <c>Batch</c> batches of that epoch.</summary>
    public TrainingPosition Begin() => _core.Begin();

    /// <summary>An epoch begins; pass <paramref name="begun"/> for the epoch Begin resumed in the middle of.</summary>
    public void BeginEpoch(int epoch, bool begun = false) => _core.BeginEpoch(epoch, begun);

    /// <summary>A training batch begins (0-based within the epoch).</summary>
    public void BeginBatch(int batch) => _core.BeginBatch(batch);

    /// <summary>
    /// A training batch ended, after its optimizer step (counted in <see cref="TrainingSession.Steps"/>, its hooks run):
    /// its loss and metrics join the epoch's, then the batch-end callbacks run.
    /// </summary>
    /// <param name="batch">The 0-based batch of the epoch.</param>
    /// <param name="result">What the batch gave, as the model's step returns it.</param>
    /// <param name="samples">The batch's size, which weighs its loss; 0 to take it from the result.</param>
    public void EndBatch(int batch, TResult result, long samples = 0)
    {
        _core.OptimizerStepped();
        var loss = _step.Record(result, samples);
        using (no_grad()) _step.UpdateMetrics(_core.TrainingMetrics);
        _core.EndBatch(batch, loss);
    }

    /// <summary>The validation pass begins.</summary>
    public void BeginValidation() => _core.BeginValidation();

    /// <summary>A validation batch's loss and metrics join the pass's (the test-batch hooks run, begin then end, here).</summary>
    public void AddValidation(TResult result, long samples = 0)
    {
        _core.BeginValidationBatch(_core.ValidationBatchesDone);
        var loss = _step.Record(result, samples);
        using (no_grad()) _step.UpdateMetrics(_core.ValidationMetrics);
        _core.AddValidationLoss(loss);
    }

    /// <summary>The validation pass ends: its values are read and the test-end hooks run (EndEpoch does it when the loop does not).</summary>
    public void EndValidation() => _core.EndValidation();

    /// <summary>The epoch ends: its values are recorded in History, then the epoch-end callbacks, progress and an epoch backup run. Returns whether a callback asked to stop.</summary>
    public bool EndEpoch(int epoch) => _core.EndEpoch(epoch);

    /// <summary>Stops after cancellation at a safe point (a backup is written there); pass the result to End.</summary>
    public TrainingEnd Cancel(int epoch, int batchesDone) => _core.Cancel(epoch, batchesDone);

    /// <summary>Ends the run (completed, or stopped by a callback): the train-end callbacks run (the best weights are restored).</summary>
    public History<TLogs> End() => _core.End(_core.Completed());

    /// <summary>Ends the run as <paramref name="end"/> says (a cancellation's, from Cancel).</summary>
    public History<TLogs> End(TrainingEnd end) => _core.End(end);

    /// <summary>Ends a run that failed: the interruption and train-end callbacks run with TrainingEndReason.Failed; rethrow the exception after.</summary>
    public void Fail(Exception failure) => _core.Fail(failure);

    /// <summary>Frees the metric accumulators and releases the run's folders.</summary>
    public void Dispose()
    {
        _core.Dispose();
        GC.SuppressFinalize(this);
    }
}
