using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Declarative.Metrics;
using Declarative.Progress;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.optim;

namespace Declarative.Training;

/// <summary>Where a run starts: an epoch, the batches of it already done, and whether its begin hooks already ran.</summary>
/// <param name="Epoch">The 0-based epoch to run first.</param>
/// <param name="Batch">The batches of it a resumed backup had done (skip them); 0 otherwise.</param>
/// <param name="EpochBegun">Whether the epoch had begun before the backup (its begin hooks ran then, and do not run again).</param>
public readonly record struct TrainingPosition(int Epoch, int Batch, bool EpochBegun);

/// <summary>
/// One training run's events, in Keras's order, for a model's declared callbacks: setup and train begin (where
/// <c>BackupAndRestore</c> resumes), epoch begin, batch begin and end (accumulating the loss and metrics on the device),
/// the validation pass, epoch end (the typed logs, History, the callbacks, the progress display), interruption and train
/// end. <c>Fit</c> runs on it, and so does a model's generated <c>Driver</c> for loops <c>Fit</c> cannot express.
/// </summary>
/// <remarks>
/// <para>Generic over the model's dispatcher struct, so each hook is a direct call. Every event that runs callbacks
/// runs inside a dispose scope of its own, so tensors a callback makes and keeps are freed with it.</para>
/// <para>The driver keeps the run's position in the session (<see cref="TrainingSession.Position"/>) as it goes, and
/// registers History in the run's state (<see cref="TrainingSession.State"/>), which the session fills with the model,
/// the optimizers and itself, and the dispatcher with every callback that keeps state: a backup taken at any hook
/// captures the run as it is there.</para>
/// </remarks>
/// <typeparam name="TCallbacks">The model's generated dispatcher.</typeparam>
/// <typeparam name="TLogs">The model's logs type.</typeparam>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public sealed class TrainingDriver<TCallbacks, TLogs> : IDisposable
    where TCallbacks : struct, ITrainingCallbacks<TLogs>
    where TLogs : struct, ITrainingLogs<TLogs>
{
    private readonly nn.Module _model;
    private readonly ProgressLogger _progress;
    private readonly bool _wasTraining;
    private readonly SignalHandling _signalHandling;
    private readonly CancellationTokenSource _stop;
    private readonly ModelRuns.Claim _claim;
    private readonly IO.BackgroundFileWriter? _backgroundWriter;
    private RunSignals? _signals;
    private TCallbacks _callbacks;
    private int _lastEpoch = -1;
    private bool _validating;
    private bool _validationEnded;
    private bool _passOpen;

    /// <summary>Starts a run; called by the generated <c>Fit</c> and <c>CreateDriver</c>.</summary>
    /// <param name="callbacks">The model's dispatcher.</param>
    /// <param name="model">The model.</param>
    /// <param name="optimizers">The optimizers, by the names the training step takes them under.</param>
    /// <param name="batchesPerEpoch">Training batches per epoch, when known.</param>
    /// <param name="hasValidation">Whether each epoch has a validation pass.</param>
    /// <param name="epochs">The final epoch bound.</param>
    /// <param name="initialEpoch">The first epoch.</param>
    /// <param name="progress">What to print.</param>
    /// <param name="output">Where to print; the console when null.</param>
    /// <param name="cancellationToken">Stops the run at the next batch boundary.</param>
    /// <param name="signals">What SIGTERM and SIGINT do while the run is under way.</param>
    /// <param name="backgroundSaves">Write checkpoints and backups on a background thread (<see cref="FitOptions.BackgroundSaves"/>).</param>
    /// <exception cref="TrainingConfigurationException">The model has no parameters (no <c>RegisterComponents()</c>), or an optimizer holds none of them.</exception>
    /// <exception cref="InvalidOperationException">Another thread is training, evaluating or predicting with the model.</exception>
    public TrainingDriver(
        TCallbacks callbacks,
        nn.Module model,
        IReadOnlyList<(string Name, Optimizer Optimizer)> optimizers,
        long? batchesPerEpoch,
        bool hasValidation,
        int epochs,
        int initialEpoch,
        ProgressMode progress,
        TextWriter? output,
        CancellationToken cancellationToken,
        SignalHandling signals = SignalHandling.StopAndExit,
        bool backgroundSaves = false)
    {
        if (epochs < 0) throw new ArgumentOutOfRangeException(nameof(epochs), epochs, "epochs cannot be negative.");
        if (initialEpoch < 0) throw new ArgumentOutOfRangeException(nameof(initialEpoch), initialEpoch, "initialEpoch cannot be negative.");
        ModelParameters.Check(model, optimizers);
        _callbacks = callbacks;
        _model = model;
        _progress = new ProgressLogger(progress, output ?? Console.Out, TimeProvider.System);
        _signalHandling = signals;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Session = new TrainingSession(model, optimizers, batchesPerEpoch, hasValidation, epochs, initialEpoch, TLogs.Metrics, _progress.CallbackOutput, _stop.Token, callbacks.Configuration);
        History = new History<TLogs>(epochs - initialEpoch, hasValidation);
        Session.Record(History);
        Session.State.AddRun("history", WriteHistory, ReadHistory);
        callbacks.AddState(Session.State);
        if (backgroundSaves) Session.Files = _backgroundWriter = new IO.BackgroundFileWriter();
        _wasTraining = model.training;
        _claim = ModelRuns.Enter(model, "a training run");
    }

    /// <summary>The run, as the callbacks see it.</summary>
    public TrainingSession Session { get; }

    /// <summary>The epochs done so far (with those a resumed backup had done); how the run ended, once it has.</summary>
    public History<TLogs> History { get; }

    /// <summary>The dispatcher, with the state the run left in it.</summary>
    internal TCallbacks Callbacks => _callbacks;

    /// <summary>The last 0-based epoch whose end hooks ran, or -1.</summary>
    public int LastEpoch => _lastEpoch;

    /// <summary>
    /// Begins the run: the callbacks' setup (they claim their folders, so a second process training into them fails
    /// before any file is touched), then their train begin (resets, checks only the run can make, and, last,
    /// <c>BackupAndRestore</c>'s resume or first backup). Returns where training starts.
    /// </summary>
    /// <exception cref="TrainingConfigurationException">A callback's check failed, or the backup cannot be resumed.</exception>
    public TrainingPosition Begin()
    {
        _signals = RunSignals.Hold(_signalHandling, _stop, _progress.ShowCursor);
        using var scope = NewDisposeScope();
        _callbacks.OnSetup(Session);
        _callbacks.OnTrainBegin(Session);
        if (History.Count > 0) _lastEpoch = History[^1].Epoch;
        _progress.OnTrainBegin<TLogs>(Session);
        return Session.Position;
    }

    /// <summary>An epoch begins: the training metrics restart and the epoch-begin hooks run, unless a resumed epoch had begun already.</summary>
    public void BeginEpoch(int epoch, bool begun = false)
    {
        Session.Epoch = epoch;
        Session.Position = new TrainingPosition(epoch, begun ? Session.Position.Batch : 0, true);
        if (!begun)
        {
            foreach (var metric in Session.TrainingMetrics) metric.Reset();
        }

        // Throughput is measured over the batches this process runs, also in an epoch a backup resumes.
        Session.Throughput?.Reset();

        using var scope = NewDisposeScope();
        if (!begun) _callbacks.OnEpochBegin(epoch);
        _progress.OnEpochBegin(epoch, begun ? Session.Position.Batch : 0);

        // The epoch's data order is drawn next: the run's state records the generator's state here, so a resumed epoch
        // can draw the same order again (after the epoch-begin hooks, which may draw numbers of their own and do not run
        // again on resume).
        if (!begun) Session.EpochStartRandomState = RandomState.Get();
    }

    /// <summary>A training batch begins (0-based within the epoch).</summary>
    public void BeginBatch(int batch)
    {
        ExitIfSignalled();
        Session.Throughput?.BatchBegan();
        Session.Batches++;
        _callbacks.OnTrainBatchBegin(batch);
    }

    /// <summary>
    /// An optimizer step was taken (a group of accumulated batches is one; a step that optimizes by hand, or a loop of the
    /// user's own, counts one per batch): <see cref="TrainingSession.Steps"/> counts it, and the optimizer-step hooks run.
    /// </summary>
    public void OptimizerStepped() => _callbacks.OnOptimizerStep(Session.Steps++);

    /// <summary>
    /// A training batch ended, after its optimizer step and its metrics (<see cref="TrainingMetrics"/>): its loss joins the
    /// epoch's mean, then the batch-end hooks and the progress display run, and the throughput counts it.
    /// </summary>
    public void EndBatch(int batch, StepLoss loss)
    {
        loss.RequireScalar("training");
        // AddMean detaches the loss; the sum it adds to records no graph, so no no_grad (an allocation) is needed here.
        Session.TrainingLoss.AddMean(loss.Loss, loss.Samples);
        Session.OnTrainBatchUpdated();
        Session.Position = new TrainingPosition(Session.Epoch, batch + 1, true);
        _callbacks.OnTrainBatchEnd(batch);
        _progress.OnTrainBatchEnd(batch);
        Session.Throughput?.BatchEnded(loss.Samples);
    }

    /// <summary>The accumulators of the epoch's training metrics, in <c>TLogs.Metrics</c> order (the loss first: <see cref="EndBatch"/> adds it).</summary>
    public MetricAccumulator[] TrainingMetrics => Session.TrainingMetrics;

    /// <summary>The accumulators of the validation pass's metrics (the loss first: <see cref="AddValidationLoss"/> adds it).</summary>
    public MetricAccumulator[] ValidationMetrics => Session.ValidationMetrics;

    /// <summary>
    /// The validation pass begins: the random generator's state is recorded (a run interrupted during the pass runs it
    /// again from there), its metrics restart, and the pass-begin then test-begin hooks run. An epoch whose loop calls no
    /// BeginValidation has no <c>val_*</c> values.
    /// </summary>
    public void BeginValidation()
    {
        Session.ValidationStartRandomState = RandomState.Get();
        Session.Validating = true;
        foreach (var metric in Session.ValidationMetrics) metric.Reset();
        _validating = true;
        _validationEnded = false;
        ValidationBatchesDone = 0;
        EndPass(); // a loop of the user's own that begins a pass again ends the last one first
        using var scope = NewDisposeScope();
        _passOpen = true;
        _callbacks.OnPassBegin();
        _callbacks.OnTestBegin();
    }

    /// <summary>The validation batches done in this pass.</summary>
    public int ValidationBatchesDone { get; private set; }

    /// <summary>A validation batch begins: the test-batch-begin hooks run (inside the batch's scope). The pass begins first if no one began it.</summary>
    public void BeginValidationBatch(int batch)
    {
        ExitIfSignalled();
        if (!_validating) BeginValidation();
        _callbacks.OnTestBatchBegin(batch);
    }

    /// <summary>A validation batch's loss joins the pass's mean, then the test-batch-end hooks run. The pass begins first if no one began it.</summary>
    public void AddValidationLoss(StepLoss loss)
    {
        if (!_validating) BeginValidation();
        loss.RequireScalar("validation");
        Session.ValidationLoss.AddMean(loss.Loss, loss.Samples);
        _callbacks.OnTestBatchEnd(ValidationBatchesDone++);
    }

    /// <summary>
    /// The validation pass ends: its values are read to the host (once: the epoch's end uses them), the test-end hooks
    /// run with them in the un-prefixed members, then the pass-end hooks. The epoch's end calls it when the loop did not.
    /// </summary>
    /// <exception cref="InvalidOperationException">The pass saw no batch.</exception>
    public void EndValidation()
    {
        if (!_validating || _validationEnded) return;
        if (Session.ValidationMetrics[0].Count == 0)
        {
            EndPass();
            throw new InvalidOperationException("The validation data produced no batches; pass validation data with at least one sample, or none.");
        }

        _validationEnded = true;
        using var scope = NewDisposeScope();
        var logs = TLogs.Create(Session.Epoch, Session.ReadValidationValues(), default);
        _callbacks.OnTestEnd(in logs);
        EndPass();
    }

    // The pass-end hooks, once per pass begun, however it ends: before an epoch's end, an interruption's backup or a
    // failure's hooks, so nothing after the pass sees what a pass-begin hook changed (the averaged weights swapped in).
    private void EndPass()
    {
        if (!_passOpen) return;
        _passOpen = false;
        using var scope = NewDisposeScope();
        _callbacks.OnPassEnd();
    }

    /// <summary>
    /// The epoch ends: its values are read to the host once and recorded in History, then the epoch-end hooks run with
    /// the typed logs (an epoch backup among them, last), then the progress display. Returns whether a callback asked
    /// to stop.
    /// </summary>
    /// <exception cref="InvalidOperationException">The epoch's validation pass saw no batch.</exception>
    public bool EndEpoch(int epoch)
    {
        var validated = _validating;
        EndValidation();
        _validating = false;
        Session.Validating = false;

        // Tensors that epoch-end callbacks create (to save, to log) are freed with this scope.
        using var scope = NewDisposeScope();
        var logs = TLogs.Create(epoch, Session.ReadTrainingValues(), validated ? Session.LastValidationValues : default);
        Session.Position = new TrainingPosition(epoch + 1, 0, false);
        History.Add(in logs);
        _callbacks.OnEpochEnd(epoch, in logs);
        _progress.OnEpochEnd(epoch, in logs);
        _lastEpoch = epoch;
        return Session.StopRequested;
    }

    /// <summary>
    /// Stops at a safe point after cancellation: the interruption hooks run there (<c>BackupAndRestore</c> backs up the
    /// run, so the next one resumes exactly where this one stopped). Returns the end to pass to <see cref="End"/>.
    /// </summary>
    /// <param name="epoch">The epoch under way.</param>
    /// <param name="batchesDone">The batches of it done.</param>
    public TrainingEnd Cancel(int epoch, int batchesDone)
    {
        EndPass();
        Session.Position = new TrainingPosition(epoch, batchesDone, true);
        var end = new TrainingEnd(TrainingEndReason.Cancelled, _lastEpoch) { Signal = _signals?.Received };
        using (NewDisposeScope()) _callbacks.OnTrainInterrupted(end);
        return end;
    }

    /// <summary>How the run ends when no callback stopped it and it was not cancelled, or stopped.</summary>
    public TrainingEnd Completed() =>
        Session.StopRequested ? new TrainingEnd(Session.StopReason, _lastEpoch, Session.StoppedBy) : new TrainingEnd(TrainingEndReason.Completed, _lastEpoch);

    /// <summary>
    /// Ends the run: the train-end hooks run with how it ended, every file is written, and History records it. A run a
    /// signal stopped then ends the process, with <see cref="SignalHandling.StopAndExit"/>.
    /// </summary>
    public History<TLogs> End(TrainingEnd end)
    {
        EndPass();
        History.End = end;
        _progress.OnTrainEnd();
        using (NewDisposeScope()) _callbacks.OnTrainEnd(end);
        Finish();
        if (end.ExitCode is { } code && _signalHandling == SignalHandling.StopAndExit) Environment.Exit(code);
        return History;
    }

    /// <summary>Ends a run that failed: the interruption and train-end hooks run with <see cref="TrainingEndReason.Failed"/>, before the exception propagates.</summary>
    public void Fail(Exception failure)
    {
        EndPass();
        _progress.OnTrainEnd();
        var end = new TrainingEnd(TrainingEndReason.Failed, _lastEpoch, Exception: failure);
        using (NewDisposeScope())
        {
            _callbacks.OnTrainInterrupted(end);
            _callbacks.OnTrainEnd(end);
        }

        try
        {
            Finish();
        }
        catch (IOException written) when (_backgroundWriter is not null)
        {
            // The run's own failure is what propagates; a file the background writer could not write is said, not thrown over it.
            _progress.CallbackOutput.WriteLine(written.Message);
        }
    }

    /// <summary>Frees the metric accumulators, releases the run's folders and gives the signals back.</summary>
    public void Dispose()
    {
        _backgroundWriter?.Dispose();
        _signals?.Dispose();
        _claim.Dispose();
        Session.Dispose();
        _stop.Dispose();
    }

    // Every file the run asked for is complete, its folders are free for the next run, the signals are the process's
    // again, and the model is in the mode it was, free for another thread.
    private void Finish()
    {
        try
        {
            Session.Files.Flush();
        }
        finally
        {
            Release();
        }
    }

    private void Release()
    {
        Session.ReleaseFolders();
        _signals?.Dispose();
        _model.train(_wasTraining);
        _claim.Dispose();
    }

    // A loop that does not watch its token (a loop of the user's own) still stops at a signal: at the next batch, with
    // StopAndExit, the run is cancelled there and ended, and the process with it.
    private void ExitIfSignalled()
    {
        if (_signalHandling == SignalHandling.StopAndExit && _signals?.Received is not null) End(Cancel(Session.Epoch, Session.Position.Batch));
    }

    // Each epoch: the values of batches and of training, whether it validated, the validation values, then the run's values.
    private void WriteHistory(BinaryWriter writer)
    {
        writer.Write(History.Count);
        foreach (var logs in History)
        {
            writer.Write(logs.Epoch);
            foreach (var metric in TLogs.Metrics.Where(m => !m.IsRunValue)) writer.Write(Value(logs, metric.Name));
            writer.Write(logs.HasValidation);
            if (logs.HasValidation)
            {
                foreach (var metric in TLogs.Metrics.Where(m => !m.IsRunValue)) writer.Write(Value(logs, MetricNames.Validation(metric.Name)));
            }

            foreach (var metric in TLogs.Metrics.Where(m => m.IsRunValue)) writer.Write(Value(logs, metric.Name));
        }
    }

    private void ReadHistory(BinaryReader reader)
    {
        var metrics = TLogs.Metrics;
        var ofTraining = Enumerable.Range(0, metrics.Count).Where(i => !metrics[i].IsRunValue).ToArray();
        for (var entries = reader.ReadInt32(); entries > 0; entries--)
        {
            var epoch = reader.ReadInt32();
            var values = new double[metrics.Count];
            foreach (var i in ofTraining) values[i] = reader.ReadDouble();
            var validation = reader.ReadBoolean() ? new double[metrics.Count] : [];
            if (validation.Length > 0)
            {
                foreach (var i in ofTraining) validation[i] = reader.ReadDouble();
            }

            for (var i = 0; i < metrics.Count; i++)
            {
                if (metrics[i].IsRunValue) values[i] = reader.ReadDouble();
            }

            var logs = TLogs.Create(epoch, values, validation);
            History.Add(in logs);
        }
    }

    private static double Value(in TLogs logs, string name) => logs.TryGetValue(name, out var value) ? value : double.NaN;
}
