using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using Declarative.Callbacks;
using Declarative.IO;
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
/// One training run's events, in Keras's order, for a model's declared callbacks: train begin (with the resume from a
/// backup), epoch begin, batch begin and end (accumulating the loss and metrics on the device), the validation pass,
/// epoch end (the typed logs, History, the progress display, epoch backups) and train end. <c>Fit</c> runs on it, and
/// so does a model's generated <c>Driver</c> for loops <c>Fit</c> cannot express.
/// </summary>
/// <remarks>
/// <para>Generic over the model's dispatcher struct, so each hook is a direct call. Every event that runs callbacks
/// runs inside a dispose scope of its own, so tensors a callback makes and keeps are freed with it.</para>
/// <para>Backups (with <c>[BackupAndRestore]</c>) are written at the start of a fresh run, after the epoch's end hooks,
/// History and progress (epoch mode), after a batch's hooks (batch mode), and when the run is cancelled. Each records the position, and, for a
/// part-done epoch, the random generator's state when the epoch drew its data order, and the running metric sums.</para>
/// </remarks>
/// <typeparam name="TCallbacks">The model's generated dispatcher.</typeparam>
/// <typeparam name="TLogs">The model's logs type.</typeparam>
public sealed class TrainingDriver<TCallbacks, TLogs> : IDisposable
    where TCallbacks : struct, ITrainingCallbacks<TLogs>
    where TLogs : struct, ITrainingLogs<TLogs>
{
    private readonly nn.Module _model;
    private readonly ProgressLogger _progress;
    private readonly BackupAndRestore? _backup;
    private readonly bool _wasTraining;
    private readonly List<(string Section, Action<BinaryWriter> Save, Action<BinaryReader> Load)> _states = [];
    private TCallbacks _callbacks;
    private int _lastEpoch = -1;
    private bool _validating;
    private bool _validationEnded;

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
    /// <param name="cancellationToken">The token callbacks see.</param>
    /// <exception cref="TrainingConfigurationException">
    /// The model has no parameters (no <c>RegisterComponents()</c>), an optimizer holds none of them, or backups are
    /// declared and an optimizer's state cannot be saved.
    /// </exception>
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
        CancellationToken cancellationToken)
    {
        if (epochs < 0) throw new ArgumentOutOfRangeException(nameof(epochs), epochs, "epochs cannot be negative.");
        if (initialEpoch < 0) throw new ArgumentOutOfRangeException(nameof(initialEpoch), initialEpoch, "initialEpoch cannot be negative.");
        ModelParameters.Check(model, optimizers);
        _callbacks = callbacks;
        _model = model;
        _backup = callbacks.Backup;
        if (_backup is not null)
        {
            foreach (var (name, optimizer) in optimizers)
            {
                if (optimizer is not OptimizerHelper)
                    throw new TrainingConfigurationException($"[BackupAndRestore] needs to save the optimizers' state, and {name} ({optimizer.GetType().Name}) keeps it in native code that TorchSharp cannot save. Use an optimizer from torch.optim such as Adam or SGD.");
            }
        }

        _progress = new ProgressLogger(progress, output ?? Console.Out, TimeProvider.System);
        Session = new TrainingSession(model, optimizers, batchesPerEpoch, hasValidation, epochs, initialEpoch, TLogs.Metrics.Count, _progress.CallbackOutput, cancellationToken);
        History = new History<TLogs>(epochs - initialEpoch, hasValidation);
        _wasTraining = model.training;
    }

    /// <summary>The run, as the callbacks see it.</summary>
    public TrainingSession Session { get; }

    /// <summary>The epochs done so far (with those a resumed backup had done); how the run ended, once it has.</summary>
    public History<TLogs> History { get; }

    /// <summary>The dispatcher, with the state the run left in it (its batch counter).</summary>
    internal TCallbacks Callbacks => _callbacks;

    /// <summary>The last 0-based epoch whose end hooks ran, or -1.</summary>
    public int LastEpoch => _lastEpoch;

    /// <summary>Adds state of the loop's own to every backup, restored on resume (before <see cref="Begin"/>).</summary>
    internal void AddState(string section, Action<BinaryWriter> save, Action<BinaryReader> load) => _states.Add(("loop:" + section, save, load));

    /// <summary>
    /// Begins the run: every callback's train begin (resets, and the checks only the run can make), then, with
    /// <c>[BackupAndRestore]</c>, the resume from the latest intact backup, or, on a fresh start, a first backup of the
    /// starting point. The backup folder is claimed first, so a second process training into it fails before any
    /// callback touches a file. Returns where training starts.
    /// </summary>
    /// <remarks>
    /// The first backup makes every restart of an interrupted run a resume, even one killed in its first epoch: a resume
    /// cuts back what the interrupted process wrote after its backup (TensorBoard events, CSV rows), so nothing is shown
    /// twice. It is written before any callback writes a file, so a process killed while writing it leaves nothing.
    /// </remarks>
    /// <exception cref="TrainingConfigurationException">A callback's check failed, or the backup cannot be resumed.</exception>
    public TrainingPosition Begin()
    {
        using var scope = NewDisposeScope();
        _backup?.Claim(Session);
        _callbacks.OnTrainBegin(Session);
        var start = Resume(out var resumed);
        if (_backup is not null && !resumed) WriteBackup(start);
        _progress.OnTrainBegin<TLogs>(Session);
        return start;
    }

    /// <summary>An epoch begins: the training metrics restart and the epoch-begin hooks run, unless a resumed epoch had begun already.</summary>
    public void BeginEpoch(int epoch, bool begun = false)
    {
        Session.Epoch = epoch;
        if (!begun)
        {
            foreach (var metric in Session.TrainingMetrics) metric.Reset();
        }

        using var scope = NewDisposeScope();
        if (!begun) _callbacks.OnEpochBegin(epoch);
        _progress.OnEpochBegin(epoch);

        // The epoch's data order is drawn next: a backup records the generator's state here, so a resumed epoch can
        // draw the same order again (after the epoch-begin hooks, which may draw numbers of their own and do not run
        // again on resume).
        if (!begun && _backup is not null) Session.EpochStartRandomState = RandomState.Get();
    }

    /// <summary>A training batch begins (0-based within the epoch).</summary>
    public void BeginBatch(int batch) => _callbacks.OnTrainBatchBegin(batch);

    /// <summary>
    /// A training batch ended, after its optimizer step and its metrics (<see cref="TrainingMetrics"/>): its loss joins the
    /// epoch's mean, then the batch-end hooks, the progress display and, when due, a batch backup run.
    /// </summary>
    public void EndBatch(int batch, StepLoss loss)
    {
        loss.RequireScalar("training");
        // AddMean detaches the loss; the sum it adds to records no graph, so no no_grad (an allocation) is needed here.
        Session.TrainingMetrics[0].AddMean(loss.Loss, loss.Samples);
        Session.OnTrainBatchUpdated();
        _callbacks.OnTrainBatchEnd(batch);
        _progress.OnTrainBatchEnd(batch);
        if (_backup?.IsDueAfterBatch() == true) WriteBackup(new TrainingPosition(Session.Epoch, batch + 1, true));
    }

    /// <summary>The accumulators of the epoch's training metrics, in <c>TLogs.Metrics</c> order (the loss first: <see cref="EndBatch"/> adds it).</summary>
    public RunningMean[] TrainingMetrics => Session.TrainingMetrics;

    /// <summary>The accumulators of the validation pass's metrics (the loss first: <see cref="AddValidationLoss"/> adds it).</summary>
    public RunningMean[] ValidationMetrics => Session.ValidationMetrics;

    /// <summary>The validation pass begins: its metrics restart, and the test-begin hooks run. An epoch whose loop calls no BeginValidation has no <c>val_*</c> values.</summary>
    public void BeginValidation()
    {
        foreach (var metric in Session.ValidationMetrics) metric.Reset();
        _validating = true;
        _validationEnded = false;
        ValidationBatchesDone = 0;
        using var scope = NewDisposeScope();
        _callbacks.OnTestBegin();
    }

    /// <summary>The validation batches done in this pass.</summary>
    public int ValidationBatchesDone { get; private set; }

    /// <summary>A validation batch begins: the test-batch-begin hooks run (inside the batch's scope). The pass begins first if no one began it.</summary>
    public void BeginValidationBatch(int batch)
    {
        if (!_validating) BeginValidation();
        _callbacks.OnTestBatchBegin(batch);
    }

    /// <summary>A validation batch's loss joins the pass's mean, then the test-batch-end hooks run. The pass begins first if no one began it.</summary>
    public void AddValidationLoss(StepLoss loss)
    {
        if (!_validating) BeginValidation();
        loss.RequireScalar("validation");
        Session.ValidationMetrics[0].AddMean(loss.Loss, loss.Samples);
        _callbacks.OnTestBatchEnd(ValidationBatchesDone++);
    }

    /// <summary>
    /// The validation pass ends: its values are read to the host (once: the epoch's end uses them) and the test-end hooks
    /// run with them in the un-prefixed members. The epoch's end calls it when the loop did not.
    /// </summary>
    /// <exception cref="InvalidOperationException">The pass saw no batch.</exception>
    public void EndValidation()
    {
        if (!_validating || _validationEnded) return;
        if (Session.ValidationMetrics[0].Count == 0)
            throw new InvalidOperationException("The validation data produced no batches; pass validation data with at least one sample, or none.");
        _validationEnded = true;
        using var scope = NewDisposeScope();
        var logs = TLogs.Create(Session.Epoch, Session.ReadValidationValues(), default, Session.LearningRate);
        _callbacks.OnTestEnd(in logs);
    }

    /// <summary>
    /// The epoch ends: its values are read to the host once, the epoch-end hooks run with the typed logs, then History,
    /// the progress display and an epoch backup. Returns whether a callback asked to stop.
    /// </summary>
    /// <exception cref="InvalidOperationException">The epoch's validation pass saw no batch.</exception>
    public bool EndEpoch(int epoch)
    {
        var validated = _validating;
        EndValidation();
        _validating = false;

        // Tensors that epoch-end callbacks create (to save, to log) are freed with this scope.
        using var scope = NewDisposeScope();
        var logs = TLogs.Create(epoch, Session.ReadTrainingValues(), validated ? Session.LastValidationValues : default, Session.LearningRate);
        _callbacks.OnEpochEnd(epoch, in logs);
        History.Add(in logs);
        _progress.OnEpochEnd(epoch, in logs);
        _lastEpoch = epoch;
        if (_backup is { SaveFrequency: 0 }) WriteBackup(new TrainingPosition(epoch + 1, 0, false));
        return Session.StopRequested;
    }

    /// <summary>
    /// Stops at a safe point after cancellation: with <c>[BackupAndRestore]</c> a backup is written there, so the next
    /// run resumes exactly where this one stopped. Returns the end to pass to <see cref="End"/>.
    /// </summary>
    /// <param name="epoch">The epoch under way.</param>
    /// <param name="batchesDone">The batches of it done.</param>
    public TrainingEnd Cancel(int epoch, int batchesDone)
    {
        if (_backup is not null) WriteBackup(new TrainingPosition(epoch, batchesDone, true));
        return new TrainingEnd(TrainingEndReason.Cancelled, _lastEpoch);
    }

    /// <summary>How the run ends when no callback stopped it and it was not cancelled, or stopped.</summary>
    public TrainingEnd Completed() =>
        Session.StopRequested ? new TrainingEnd(Session.StopReason, _lastEpoch, Session.StoppedBy) : new TrainingEnd(TrainingEndReason.Completed, _lastEpoch);

    /// <summary>Ends the run: the train-end hooks run with how it ended, and History records it.</summary>
    public History<TLogs> End(TrainingEnd end)
    {
        History.End = end;
        _progress.OnTrainEnd();
        using (NewDisposeScope()) _callbacks.OnTrainEnd(end);
        _model.train(_wasTraining);
        return History;
    }

    /// <summary>Ends a run that failed: the train-end hooks run with <see cref="TrainingEndReason.Failed"/>, before the exception propagates.</summary>
    public void Fail(Exception failure)
    {
        _progress.OnTrainEnd();
        using (NewDisposeScope()) _callbacks.OnTrainEnd(new TrainingEnd(TrainingEndReason.Failed, _lastEpoch, Exception: failure));
        _model.train(_wasTraining);
    }

    /// <summary>Frees the metric accumulators.</summary>
    public void Dispose() => Session.Dispose();

    // Restores every section after the callbacks' train-begin reset.
    private TrainingPosition Resume(out bool resumed)
    {
        var start = new TrainingPosition(Session.InitialEpoch, 0, false);
        resumed = false;
        if (_backup is null || _backup.Restore(_callbacks.Configuration, RequiredSections()) is not { } restored) return start;

        resumed = true;
        var reader = restored.Reader;
        reader.Read("model", r => _model.load(r));
        for (var i = 0; i < Session.Optimizers.Count; i++) reader.Read(OptimizerSection(i), r => ((OptimizerHelper)Session.Optimizers[i]).load_state_dict(r));
        reader.Read("history", ReadHistory);
        var (epochBegun, randomState) = (false, Array.Empty<byte>());
        reader.Read("training", r => (epochBegun, randomState) = Session.LoadState(r));
        reader.Read("backup", r => _backup.BatchesSinceBackup = r.ReadInt32());
        // A loop's own state (Fit's group of accumulated gradients) is absent from a backup a loop of the user's wrote:
        // that loop had none, so the state starts empty.
        foreach (var (section, _, load) in _states)
        {
            if (reader.Has(section)) reader.Read(section, load);
        }
        _callbacks.LoadState(reader);
        RandomState.Set(randomState);
        if (History.Count > 0) _lastEpoch = History[^1].Epoch;
        return new TrainingPosition(restored.Manifest.Epoch, restored.Manifest.Batch, epochBegun);
    }

    // Every section a resume reads (the loop's own ones are optional: see Resume).
    private List<string> RequiredSections()
    {
        var sections = new List<string> { "model", "history", "training", "backup" };
        for (var i = 0; i < Session.Optimizers.Count; i++) sections.Add(OptimizerSection(i));
        sections.AddRange(_callbacks.StateSections);
        return sections;
    }

    private void WriteBackup(TrainingPosition position)
    {
        using var scope = NewDisposeScope();
        var dispatcher = _callbacks;
        _backup!.Save(new BackupManifest(position.Epoch, position.Batch, dispatcher.Configuration), writer =>
        {
            writer.Write("model", w => _model.save(w));
            for (var i = 0; i < Session.Optimizers.Count; i++) writer.Write(OptimizerSection(i), w => ((OptimizerHelper)Session.Optimizers[i]).save_state_dict(w));
            writer.Write("history", WriteHistory);
            writer.Write("training", w => Session.SaveState(w, position.EpochBegun));
            writer.Write("backup", w => w.Write(_backup.BatchesSinceBackup));
            foreach (var (section, save, _) in _states) writer.Write(section, save);
            dispatcher.SaveState(writer);
        });
    }

    // The first optimizer's section is "optimizer", as with one; the others are named after theirs.
    private string OptimizerSection(int index) => index == 0 ? "optimizer" : "optimizer:" + Session.OptimizerNames[index];

    private void WriteHistory(BinaryWriter writer)
    {
        writer.Write(History.Count);
        foreach (var logs in History)
        {
            writer.Write(logs.Epoch);
            foreach (var metric in TLogs.Metrics) writer.Write(Value(logs, metric.Name));
            writer.Write(logs.HasValidation);
            if (logs.HasValidation)
            {
                foreach (var metric in TLogs.Metrics) writer.Write(Value(logs, MetricNames.Validation(metric.Name)));
            }

            writer.Write(Value(logs, MetricNames.LearningRate));
        }
    }

    private void ReadHistory(BinaryReader reader)
    {
        var count = TLogs.Metrics.Count;
        for (var entries = reader.ReadInt32(); entries > 0; entries--)
        {
            var epoch = reader.ReadInt32();
            var training = new double[count];
            for (var i = 0; i < count; i++) training[i] = reader.ReadDouble();
            var validation = reader.ReadBoolean() ? new double[count] : [];
            for (var i = 0; i < validation.Length; i++) validation[i] = reader.ReadDouble();
            var logs = TLogs.Create(epoch, training, validation, reader.ReadDouble());
            History.Add(in logs);
        }
    }

    private static double Value(in TLogs logs, string name) => logs.TryGetValue(name, out var value) ? value : double.NaN;
}
