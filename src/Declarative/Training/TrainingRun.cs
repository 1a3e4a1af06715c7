using System;
using System.IO;
using Declarative.Callbacks;
using Declarative.IO;
using Declarative.Metrics;
using Declarative.Progress;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Declarative.Training;

/// <summary>
/// One call of <c>Fit</c>, start to end: see <see cref="TrainingLoop"/> for the order of events. The dispatcher struct is
/// a field, so the JIT specialises every hook call for the model's dispatcher (no boxing, no interface dispatch).
/// </summary>
/// <remarks>
/// <para>Backups (with <c>[BackupAndRestore]</c>) are written after the epoch's end hooks, History and progress (epoch
/// mode), after a batch's hooks (batch mode), and when cancellation stops training. Each records the position, and, for
/// a part-done epoch, the random generator's state when the epoch drew its data order, and the running metric sums.</para>
/// <para>Resuming restores every section after the callbacks' train-begin reset. Mid-epoch, the data order is drawn
/// again from the recorded generator state, the batches already done are skipped (fetched, not trained on), the running
/// sums and the generator's later state are put back, and the epoch continues at the next batch; the epoch-begin hooks,
/// which already ran, do not run again.</para>
/// </remarks>
internal sealed class TrainingRun<TCallbacks, TLogs>
    where TCallbacks : struct, ITrainingCallbacks<TLogs>
    where TLogs : struct, ITrainingLogs<TLogs>
{
    private readonly nn.Module<Tensor, Tensor> _model;
    private readonly TrainingSession _session;
    private readonly LossFunction _loss;
    private readonly ProgressLogger _progress;
    private readonly History<TLogs> _history;
    private readonly BackupAndRestore? _backup;
    private TCallbacks _callbacks;
    private int _lastEpoch = -1;

    public TrainingRun(TCallbacks callbacks, nn.Module<Tensor, Tensor> model, TrainingSession session, LossFunction loss, ProgressLogger progress)
    {
        _callbacks = callbacks;
        _model = model;
        _session = session;
        _loss = loss;
        _progress = progress;
        _backup = callbacks.Backup;
        _history = new History<TLogs>(session.Epochs - session.InitialEpoch, session.HasValidation);
    }

    public TCallbacks Callbacks => _callbacks;

    public History<TLogs> Run()
    {
        var wasTraining = _model.training;
        TrainingEnd end;
        try
        {
            Position start;
            using (NewDisposeScope())
            {
                _callbacks.OnTrainBegin(_session);
                start = Resume();
                _progress.OnTrainBegin<TLogs>(_session);
            }

            end = RunEpochs(start);
        }
        catch (Exception failure)
        {
            _progress.OnTrainEnd();
            using (NewDisposeScope()) _callbacks.OnTrainEnd(new TrainingEnd(TrainingEndReason.Failed, _lastEpoch, Exception: failure));
            throw;
        }
        finally
        {
            _model.train(wasTraining);
        }

        _history.End = end;
        _progress.OnTrainEnd();
        using (NewDisposeScope()) _callbacks.OnTrainEnd(end);
        return _history;
    }

    /// <summary>Where a run starts: an epoch, the batches of it already done, and whether its begin hooks already ran.</summary>
    private readonly record struct Position(int Epoch, int Batch, bool EpochBegun);

    private TrainingEnd RunEpochs(Position start)
    {
        if (_session.StopRequested) return new TrainingEnd(_session.StopReason, _lastEpoch, _session.StoppedBy);
        for (var epoch = start.Epoch; epoch < _session.Epochs; epoch++)
        {
            var resumed = epoch == start.Epoch ? start : new Position(epoch, 0, false);
            _session.Epoch = epoch;
            using (NewDisposeScope())
            {
                if (!resumed.EpochBegun) _callbacks.OnEpochBegin(epoch);
                _progress.OnEpochBegin(epoch);
            }

            var (batches, cancelled) = TrainEpoch(resumed.Batch, resumed.EpochBegun);
            if (cancelled || (_session.HasValidation && !Validate()))
            {
                // A safe point: the batches done are consistent, so a backup here resumes exactly where training stopped.
                if (_backup is not null) WriteBackup(new Position(epoch, batches, true));
                return new TrainingEnd(TrainingEndReason.Cancelled, _lastEpoch);
            }

            // Tensors that epoch-end callbacks create (to save, to log) are freed with this scope.
            using (NewDisposeScope())
            {
                var logs = TLogs.Create(
                    epoch, _session.ReadTrainingValues(), _session.HasValidation ? _session.ReadValidationValues() : default, _session.LearningRate);
                _callbacks.OnEpochEnd(epoch, in logs);
                _history.Add(in logs);
                _progress.OnEpochEnd(epoch, in logs);
                _lastEpoch = epoch;
                if (_backup is { SaveFrequency: 0 }) WriteBackup(new Position(epoch + 1, 0, false));
            }

            if (_session.StopRequested) return new TrainingEnd(_session.StopReason, epoch, _session.StoppedBy);
        }

        return new TrainingEnd(TrainingEndReason.Completed, _lastEpoch);
    }

    // Trains one epoch from batch `first`; `resumed` when it continues an epoch that began before a backup (its data
    // order was drawn then, even if no batch was done). Returns the number of batches done and whether it was cancelled.
    private (int Done, bool Cancelled) TrainEpoch(int first, bool resumed)
    {
        _model.train();
        if (!resumed)
        {
            foreach (var metric in _session.TrainingMetrics) metric.Reset();
        }

        byte[]? randomAfterFirst = null;
        if (_backup is not null)
        {
            // The data order is drawn when the pass starts: record the generator's state then, or rewind to it to draw it again.
            if (resumed)
            {
                randomAfterFirst = CurrentRandomState();
                SetRandomState(_session.EpochStartRandomState!);
            }
            else
            {
                _session.EpochStartRandomState = CurrentRandomState();
            }
        }

        var optimizer = _session.Optimizer;
        using var batches = _session.Train!.GetBatches();
        for (var skipped = 0; skipped < first; skipped++)
        {
            using var scope = NewDisposeScope();
            if (!batches.MoveNext()) throw new InvalidDataException($"The backup resumes after batch {first}, but the training data now has only {skipped} batches per epoch. Resume with the same data.");
        }

        if (randomAfterFirst is not null) SetRandomState(randomAfterFirst);

        var batch = first;
        while (true)
        {
            if (_session.CancellationToken.IsCancellationRequested) return (batch, true);

            // The batch's scope also covers fetching it, so tensors the data source creates are freed with the batch.
            using (NewDisposeScope())
            {
                if (!batches.MoveNext()) break;
                var (input, target) = batches.Current;
                _callbacks.OnTrainBatchBegin(batch);
                optimizer.zero_grad();
                var output = _model.call(input);
                var batchLoss = _loss.Compute(output, target);
                batchLoss.backward();
                optimizer.step();
                using (no_grad())
                {
                    _session.TrainingMetrics[0].AddMean(batchLoss, input.size(0));
                    _callbacks.UpdateMetrics(_session.TrainingMetrics, output, target);
                }

                _session.OnTrainBatchUpdated();
                _callbacks.OnTrainBatchEnd(batch);
                _progress.OnTrainBatchEnd(batch);
                if (_backup?.IsDueAfterBatch() == true) WriteBackup(new Position(_session.Epoch, batch + 1, true));
            }

            batch++;
            if (_session.StopRequested) break;
        }

        if (batch == 0 && !_session.StopRequested)
            throw new InvalidOperationException("The training data produced no batches; Fit needs at least one training batch per epoch.");
        return (batch, false);
    }

    // Returns false when cancelled.
    private bool Validate()
    {
        _model.eval();
        foreach (var metric in _session.ValidationMetrics) metric.Reset();
        using var noGrad = no_grad();
        using var batches = _session.Validation!.GetBatches();
        while (true)
        {
            if (_session.CancellationToken.IsCancellationRequested) return false;
            using (NewDisposeScope())
            {
                if (!batches.MoveNext()) break;
                var (input, target) = batches.Current;
                var output = _model.call(input);
                _session.ValidationMetrics[0].AddMean(_loss.Compute(output, target), input.size(0));
                _callbacks.UpdateMetrics(_session.ValidationMetrics, output, target);
            }
        }

        if (_session.ValidationMetrics[0].Count == 0)
            throw new InvalidOperationException("The validation data produced no batches; pass validation data with at least one sample, or none.");
        return true;
    }

    private Position Resume()
    {
        var start = new Position(_session.InitialEpoch, 0, false);
        if (_backup is null) return start;
        if (_backup.Restore(_callbacks.Configuration) is not { } restored) return start;

        var reader = restored.Reader;
        reader.Read("model", r => _model.load(r));
        reader.Read("optimizer", r => ((OptimizerHelper)_session.Optimizer).load_state_dict(r));
        reader.Read("history", ReadHistory);
        var (epochBegun, randomState) = (false, Array.Empty<byte>());
        reader.Read("training", r => (epochBegun, randomState) = _session.LoadState(r));
        reader.Read("backup", r => _backup.BatchesSinceBackup = r.ReadInt32());
        _callbacks.LoadState(reader);
        SetRandomState(randomState);
        if (_history.Count > 0) _lastEpoch = _history[^1].Epoch;
        return new Position(restored.Manifest.Epoch, restored.Manifest.Batch, epochBegun);
    }

    private void WriteBackup(Position position)
    {
        using var scope = NewDisposeScope();
        var dispatcher = _callbacks;
        _backup!.Save(new BackupManifest(position.Epoch, position.Batch, dispatcher.Configuration), writer =>
        {
            writer.Write("model", w => _model.save(w));
            writer.Write("optimizer", w => ((OptimizerHelper)_session.Optimizer).save_state_dict(w));
            writer.Write("history", WriteHistory);
            writer.Write("training", w => _session.SaveState(w, position.EpochBegun));
            writer.Write("backup", w => w.Write(_backup.BatchesSinceBackup));
            dispatcher.SaveState(writer);
        });
    }

    private void WriteHistory(BinaryWriter writer)
    {
        writer.Write(_history.Count);
        foreach (var logs in _history)
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
            _history.Add(in logs);
        }
    }

    private static double Value(in TLogs logs, string name) => logs.TryGetValue(name, out var value) ? value : double.NaN;

    private static byte[] CurrentRandomState()
    {
        using var state = get_rng_state();
        return state.data<byte>().ToArray();
    }

    private static void SetRandomState(byte[] bytes)
    {
        using var state = tensor(bytes, ScalarType.Byte);
        set_rng_state(state);
    }
}
