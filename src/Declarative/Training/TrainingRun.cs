using System;
using System.IO;
using static TorchSharp.torch;

namespace Declarative.Training;

/// <summary>
/// One call of <c>Fit</c>, start to end (see <see cref="TrainingLoop"/> for the order of events): the batches of the
/// training and validation data, each through the model's step, with the events of a <see cref="TrainingDriver{TCallbacks, TLogs}"/>
/// around them. The step struct is a field, so the JIT compiles every call to it directly.
/// </summary>
/// <remarks>
/// Resuming mid-epoch, the data order is drawn again from the generator state the backup recorded, the batches already
/// done are fetched but not trained on, the generator's later state is put back, and the epoch continues at the next
/// batch; the epoch-begin hooks, which already ran, do not run again.
/// </remarks>
internal sealed class TrainingRun<TCallbacks, TLogs, TStep, TBatch>
    where TCallbacks : struct, ITrainingCallbacks<TLogs>
    where TLogs : struct, ITrainingLogs<TLogs>
    where TStep : struct, ITrainingStep<TBatch>
{
    private readonly TrainingDriver<TCallbacks, TLogs> _driver;
    private readonly nn.Module _model;
    private readonly TrainingData<TBatch> _train;
    private readonly TrainingData<TBatch>? _validation;
    private readonly StepSettings _settings;
    private readonly OptimizerSteps? _optimizerSteps;
    private TStep _step;

    public TrainingRun(TrainingDriver<TCallbacks, TLogs> driver, nn.Module model, TStep step, TrainingData<TBatch> train, TrainingData<TBatch>? validation, StepSettings settings)
    {
        _driver = driver;
        _model = model;
        _step = step;
        _train = train;
        _validation = validation;
        _settings = settings;
        if (!TStep.OptimizesItself)
        {
            _optimizerSteps = new OptimizerSteps(driver.Session.Optimizer, model, TStep.Clipping, TStep.AccumulatedBatches, GradientNorm(driver.TrainingMetrics), driver.OptimizerStepped);
            driver.Session.BatchesPerOptimizerStep = TStep.AccumulatedBatches;
            // A loop of the user's own has no group of accumulated gradients, so a backup it wrote has none either.
            driver.Session.State.AddRun("loop:steps", _optimizerSteps.SaveState, _optimizerSteps.LoadState, optional: true);
        }

        if (TStep.CanValidate) driver.Session.TrainingDataPass = ForwardTrainingData;
    }

    // One epoch of the training data (as many batches as an epoch trains on) through the validation step, under no_grad,
    // in the model's mode, with no metrics and no hooks: the session's TrainingDataPass.
    private void ForwardTrainingData()
    {
        using var noGrad = no_grad();
        using var batches = _train.GetBatches();
        for (var batch = 0; !_settings.Limits.EpochIsComplete(batch); batch++)
        {
            using var scope = NewDisposeScope();
            if (!batches.MoveNext()) break;
            _step.Validate(_settings.Device is { } device ? _step.MoveTo(batches.Current, device) : batches.Current);
        }
    }

    // The accumulator of the gradients' norm, when the model logs it.
    private static Metrics.RunningMean? GradientNorm(Metrics.MetricAccumulator[] metrics)
    {
        for (var i = 0; i < TLogs.Metrics.Count; i++)
        {
            if (TLogs.Metrics[i].Source == Metrics.MetricSource.GradientNorm) return (Metrics.RunningMean)metrics[i];
        }

        return null;
    }

    private TrainingSession Session => _driver.Session;

    public History<TLogs> Run()
    {
        TrainingEnd end;
        try
        {
            end = RunEpochs(_driver.Begin());
        }
        catch (Exception failure)
        {
            _driver.Fail(failure);
            throw;
        }

        return _driver.End(end);
    }

    private TrainingEnd RunEpochs(TrainingPosition start)
    {
        if (Session.StopRequested) return _driver.Completed();
        for (var epoch = start.Epoch; epoch < Session.Epochs; epoch++)
        {
            var resumed = epoch == start.Epoch ? start : new TrainingPosition(epoch, 0, false);
            _driver.BeginEpoch(epoch, resumed.EpochBegun);
            var (batches, cancelled) = TrainEpoch(resumed.Batch, resumed.EpochBegun);
            if (cancelled || (_validation is not null && _settings.Limits.ValidatesAfter(epoch) && !Validate()))
            {
                // A safe point: the batches done are consistent, so a backup here resumes exactly where training stopped.
                return _driver.Cancel(epoch, batches);
            }

            if (_driver.EndEpoch(epoch)) break;
        }

        return _driver.Completed();
    }

    // Trains one epoch from batch `first`; `resumed` when it continues an epoch that began before a backup (its data
    // order was drawn then, even if no batch was done). Returns the number of batches done and whether it was cancelled.
    private (int Done, bool Cancelled) TrainEpoch(int first, bool resumed)
    {
        _model.train();
        byte[]? randomAfterFirst = null;
        if (resumed)
        {
            // The data order is drawn when the pass starts; the driver recorded the generator's state at the epoch's
            // begin: rewind to it to draw the same order again.
            randomAfterFirst = RandomState.Get();
            RandomState.Set(Session.EpochStartRandomState!);
        }

        using var batches = _train.GetBatches();
        for (var skipped = 0; skipped < first; skipped++)
        {
            using var scope = NewDisposeScope();
            if (!batches.MoveNext()) throw new InvalidDataException($"The backup resumes after batch {first}, but the training data now has only {skipped} batches per epoch. Resume with the same data.");
        }

        if (randomAfterFirst is not null) RandomState.Set(randomAfterFirst);
        if (!resumed) _optimizerSteps?.BeginEpoch();

        var batch = first;
        while (true)
        {
            if (Session.CancellationToken.IsCancellationRequested) return (batch, true);
            if (_settings.Limits.EpochIsComplete(batch)) break;

            // The batch's scope also covers fetching it, so tensors the data source creates are freed with the batch.
            using (NewDisposeScope())
            {
                if (!batches.MoveNext()) break;
                var data = _settings.Device is { } device ? _step.MoveTo(batches.Current, device) : batches.Current;
                _driver.BeginBatch(batch);
                StepLoss loss;
                try
                {
                    loss = _step.Train(data);
                    loss.RequireScalar("training");
                    if (_optimizerSteps is null) _driver.OptimizerStepped(); // a step that optimizes by hand: one step per batch
                    else _optimizerSteps.Backward(loss.Loss);
                    using (no_grad()) _step.UpdateMetrics(_driver.TrainingMetrics);
                }
                catch (Exception failure) when (StepFailure.Explains(failure))
                {
                    // The step's own failures (a dtype or shape mistake, usually), explained; the callbacks' are not caught here.
                    throw StepFailure.Explain(failure, "training", Session.Epoch, batch, data);
                }

                _driver.EndBatch(batch, loss);
            }

            batch++;
            if (Session.StopRequested) break;
        }

        _optimizerSteps?.EndEpoch();
        if (batch == 0 && !Session.StopRequested)
            throw new InvalidOperationException("The training data produced no batches; Fit needs at least one training batch per epoch.");
        return (batch, false);
    }

    // Returns false when cancelled.
    private bool Validate()
    {
        _model.eval();
        _driver.BeginValidation();
        using var noGrad = no_grad();
        using var batches = _validation!.GetBatches();
        while (true)
        {
            if (Session.CancellationToken.IsCancellationRequested) return false;
            var validated = _driver.ValidationBatchesDone;
            if (_settings.Limits.ValidationIsComplete(validated)) break;
            using (NewDisposeScope())
            {
                if (!batches.MoveNext()) break;
                var data = _settings.Device is { } device ? _step.MoveTo(batches.Current, device) : batches.Current;
                _driver.BeginValidationBatch(validated);
                StepLoss loss;
                try
                {
                    loss = _step.Validate(data);
                    _step.UpdateMetrics(_driver.ValidationMetrics);
                }
                catch (Exception failure) when (StepFailure.Explains(failure))
                {
                    throw StepFailure.Explain(failure, "validation", Session.Epoch, validated, data);
                }

                _driver.AddValidationLoss(loss);
            }
        }

        _driver.EndValidation();
        return true;
    }
}
