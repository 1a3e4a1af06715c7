using System;
using System.IO;
using System.Threading;
using Declarative.Progress;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Declarative.Training;

/// <summary>
/// The training loop behind every generated <c>Fit</c>: Keras's call order, with the hooks of the model's generated
/// dispatcher. Generic over the dispatcher struct, so every hook is a direct call the JIT can inline.
/// </summary>
/// <remarks>
/// <para>Per epoch: <c>OnEpochBegin</c>; for each batch, inside its own dispose scope: <c>OnTrainBatchBegin</c>,
/// forward, loss, backward, optimizer step, metric accumulation on the device, <c>OnTrainBatchEnd</c>; then the
/// validation pass (eval mode, <c>no_grad</c>); then the epoch's values are read to the host once, and
/// <c>OnEpochEnd</c> runs, followed by History and the progress display. A stop request skips the rest of the epoch's batches, but validation
/// and the epoch-end hooks still run, as in Keras.</para>
/// <para>Unlike Keras, <c>OnTrainEnd</c> also runs when an exception escapes (with <see cref="TrainingEndReason.Failed"/>),
/// before the exception propagates; cancellation ends training between batches, without an epoch end for the partial
/// epoch, and returns normally with <see cref="TrainingEndReason.Cancelled"/>.</para>
/// </remarks>
public static class TrainingLoop
{
    /// <summary>Trains <paramref name="model"/>; called by the generated <c>Fit</c>.</summary>
    public static History<TLogs> Run<TCallbacks, TLogs>(
        nn.Module<Tensor, Tensor> model,
        ref TCallbacks callbacks,
        TrainingData train,
        int epochs,
        optim.Optimizer optimizer,
        LossFunction loss,
        TrainingData? validation,
        int initialEpoch,
        ProgressMode progress,
        TextWriter? output,
        CancellationToken cancellationToken)
        where TCallbacks : struct, ITrainingCallbacks<TLogs>
        where TLogs : struct, ITrainingLogs<TLogs>
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(optimizer);
        if (!loss.IsDefined) throw new ArgumentException("Pass a loss function, e.g. loss: torch.nn.CrossEntropyLoss().", nameof(loss));
        if (epochs < 0) throw new ArgumentOutOfRangeException(nameof(epochs), epochs, "epochs cannot be negative.");
        if (initialEpoch < 0) throw new ArgumentOutOfRangeException(nameof(initialEpoch), initialEpoch, "initialEpoch cannot be negative.");
        CheckSupported(optimizer, train, validation);

        var progressLogger = new ProgressLogger(progress, output ?? Console.Out, TimeProvider.System);
        using var session = new TrainingSession(
            model, optimizer, train, validation, epochs, initialEpoch, TLogs.Metrics.Count, progressLogger.CallbackOutput, cancellationToken);
        var history = new History<TLogs>(epochs - initialEpoch, session.HasValidation);
        var wasTraining = model.training;
        var lastEpoch = -1;
        TrainingEnd end;
        try
        {
            callbacks.OnTrainBegin(session);
            progressLogger.OnTrainBegin<TLogs>(session);
            end = RunEpochs<TCallbacks, TLogs>(model, ref callbacks, session, loss, history, progressLogger, ref lastEpoch);
        }
        catch (Exception failure)
        {
            progressLogger.OnTrainEnd();
            callbacks.OnTrainEnd(new TrainingEnd(TrainingEndReason.Failed, lastEpoch, Exception: failure));
            throw;
        }
        finally
        {
            model.train(wasTraining);
        }

        history.End = end;
        progressLogger.OnTrainEnd();
        callbacks.OnTrainEnd(end);
        return history;
    }

    private static TrainingEnd RunEpochs<TCallbacks, TLogs>(
        nn.Module<Tensor, Tensor> model,
        ref TCallbacks callbacks,
        TrainingSession session,
        LossFunction loss,
        History<TLogs> history,
        ProgressLogger progressLogger,
        ref int lastEpoch)
        where TCallbacks : struct, ITrainingCallbacks<TLogs>
        where TLogs : struct, ITrainingLogs<TLogs>
    {
        for (var epoch = session.InitialEpoch; epoch < session.Epochs; epoch++)
        {
            session.Epoch = epoch;
            callbacks.OnEpochBegin(epoch);
            progressLogger.OnEpochBegin(epoch);
            if (!TrainEpoch<TCallbacks, TLogs>(model, ref callbacks, session, loss, progressLogger)
                || (session.HasValidation && !Validate<TCallbacks, TLogs>(model, ref callbacks, session, loss)))
            {
                return new TrainingEnd(TrainingEndReason.Cancelled, lastEpoch);
            }

            var logs = callbacks.CreateLogs(
                epoch, session.ReadTrainingValues(), session.HasValidation ? session.ReadValidationValues() : default, session.LearningRate);
            callbacks.OnEpochEnd(epoch, in logs);
            history.Add(in logs);
            progressLogger.OnEpochEnd(epoch, in logs);
            lastEpoch = epoch;
            if (session.StopRequested) return new TrainingEnd(session.StopReason, epoch, session.StoppedBy);
        }

        return new TrainingEnd(TrainingEndReason.Completed, lastEpoch);
    }

    // Returns false when cancelled.
    private static bool TrainEpoch<TCallbacks, TLogs>(
        nn.Module<Tensor, Tensor> model, ref TCallbacks callbacks, TrainingSession session, LossFunction loss, ProgressLogger progressLogger)
        where TCallbacks : struct, ITrainingCallbacks<TLogs>
        where TLogs : struct, ITrainingLogs<TLogs>
    {
        model.train();
        foreach (var metric in session.TrainingMetrics) metric.Reset();
        var optimizer = session.Optimizer;
        using var batches = session.Train.GetBatches();
        var batch = 0;
        while (true)
        {
            if (session.CancellationToken.IsCancellationRequested) return false;

            // The batch's scope also covers fetching it, so tensors the data source creates are freed with the batch.
            using (NewDisposeScope())
            {
                if (!batches.MoveNext()) break;
                var (input, target) = batches.Current;
                callbacks.OnTrainBatchBegin(batch);
                optimizer.zero_grad();
                var output = model.call(input);
                var batchLoss = loss.Compute(output, target);
                batchLoss.backward();
                optimizer.step();
                using (no_grad())
                {
                    session.TrainingMetrics[0].AddMean(batchLoss, input.shape[0]);
                    callbacks.UpdateMetrics(session.TrainingMetrics, output, target);
                }

                session.OnTrainBatchUpdated();
                callbacks.OnTrainBatchEnd(batch);
                progressLogger.OnTrainBatchEnd(batch);
            }

            batch++;
            if (session.StopRequested) break;
        }

        if (batch == 0 && !session.StopRequested)
            throw new InvalidOperationException("The training data produced no batches; Fit needs at least one training batch per epoch.");
        return true;
    }

    // Returns false when cancelled.
    private static bool Validate<TCallbacks, TLogs>(nn.Module<Tensor, Tensor> model, ref TCallbacks callbacks, TrainingSession session, LossFunction loss)
        where TCallbacks : struct, ITrainingCallbacks<TLogs>
        where TLogs : struct, ITrainingLogs<TLogs>
    {
        model.eval();
        foreach (var metric in session.ValidationMetrics) metric.Reset();
        using var noGrad = no_grad();
        using var batches = session.Validation!.GetBatches();
        while (true)
        {
            if (session.CancellationToken.IsCancellationRequested) return false;
            using (NewDisposeScope())
            {
                if (!batches.MoveNext()) break;
                var (input, target) = batches.Current;
                var output = model.call(input);
                session.ValidationMetrics[0].AddMean(loss.Compute(output, target), input.shape[0]);
                callbacks.UpdateMetrics(session.ValidationMetrics, output, target);
            }
        }

        if (session.ValidationMetrics[0].Count == 0)
            throw new InvalidOperationException("The validation data produced no batches; pass validation data with at least one sample, or none.");
        return true;
    }

    private static void CheckSupported(optim.Optimizer optimizer, TrainingData train, TrainingData? validation)
    {
        if (optimizer is LBFGS)
            throw new TrainingConfigurationException("LBFGS needs a closure that re-evaluates the model at every step, which Fit does not provide, and its learning rate cannot be scheduled through its parameter groups. Use another optimizer (Adam, SGD, ...) or write the loop by hand.");
        if (train.BatchCount == 0)
            throw new TrainingConfigurationException("The training data has no batches; Fit needs at least one training batch per epoch.");
        if (validation?.BatchCount == 0)
            throw new TrainingConfigurationException("The validation data has no batches; pass validation data with at least one sample, or none.");
    }
}
