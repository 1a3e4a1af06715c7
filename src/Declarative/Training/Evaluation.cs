using System;
using System.IO;
using System.Linq;
using Declarative.Metrics;
using Declarative.Progress;
using static TorchSharp.torch;

namespace Declarative.Training;

/// <summary>
/// The pass behind every generated <c>Evaluate</c> (Keras's <c>evaluate</c>): the model's validation step over the data,
/// in eval mode under <c>no_grad</c>, each batch in its own dispose scope, the loss and every declared metric
/// accumulated on the device and read to the host once at the end. The model's test hooks run around the pass and each
/// batch, as in Keras's <c>evaluate</c>, inside its pass hooks (the pass-end hooks run however the pass ends).
/// </summary>
/// <remarks>Used by generated code; not meant to be used directly.</remarks>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static class Evaluation
{
    /// <summary>Evaluates <paramref name="model"/>; called by the generated <c>Evaluate</c>.</summary>
    /// <param name="model">The model; its training mode is put back after.</param>
    /// <param name="callbacks">The model's dispatcher, whose test hooks run.</param>
    /// <param name="step">The model's step (its validation step runs).</param>
    /// <param name="data">The batches.</param>
    /// <param name="progress">What to print: a live bar in a terminal and one line at the end (Auto), or nothing.</param>
    /// <param name="output">Where to print; the console by default.</param>
    /// <param name="device">The device to move each batch to, or null to use batches where they are.</param>
    /// <returns>The pass's values in the model's logs type: the loss and each metric in its un-prefixed member (as
    /// Keras's <c>evaluate</c> names them), the <c>val_*</c> members null, <c>Epoch</c> 0, <c>LearningRate</c> NaN.</returns>
    /// <exception cref="TrainingConfigurationException">The step optimizes by hand and the model has no validation step, or the data has no batches.</exception>
    public static TLogs Run<TCallbacks, TLogs, TStep, TBatch>(nn.Module model, ref TCallbacks callbacks, TStep step, TrainingData<TBatch> data, ProgressMode progress, TextWriter? output, Device? device)
        where TCallbacks : struct, ITrainingCallbacks<TLogs>
        where TLogs : struct, ITrainingLogs<TLogs>
        where TStep : struct, ITrainingStep<TBatch>
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        if (!TStep.CanValidate)
            throw new TrainingConfigurationException("Evaluate runs the model's validation step, and its training step optimizes by hand: add a method marked [ValidationStep] taking the same batch.");
        if (device is not null && !TStep.CanMoveBatches) throw Batches.CannotMove(typeof(TBatch).Name);
        if (data.BatchCount == 0) throw new TrainingConfigurationException("The data has no batches; Evaluate needs at least one.");

        // What the progress line shows: every metric but the run's values (no learning rate in Evaluate).
        var shown = Enumerable.Range(0, TLogs.Metrics.Count).Where(i => !TLogs.Metrics[i].IsRunValue).ToArray();
        var names = shown.Select(i => TLogs.Metrics[i].Name).ToArray();
        var where = model.parameters().FirstOrDefault()?.device ?? CPU;
        var metrics = TLogs.Metrics.Select(m => m.CreateAccumulator(where, session: null)).ToArray();
        using var claim = ModelRuns.Enter(model, "Evaluate");
        var logger = new ProgressLogger(progress, output ?? Console.Out, TimeProvider.System);
        var wasTraining = model.training;
        var passBegun = false;
        try
        {
            model.eval();
            logger.OnPassBegin("Evaluate", data.BatchCount);
            using var noGrad = no_grad();
            using (NewDisposeScope())
            {
                passBegun = true;
                callbacks.OnPassBegin();
                callbacks.OnTestBegin();
            }

            using var batches = data.GetBatches();
            var done = 0;
            while (true)
            {
                using (NewDisposeScope())
                {
                    if (!batches.MoveNext()) break;
                    var batch = device is not null ? step.MoveTo(batches.Current, device) : batches.Current;
                    callbacks.OnTestBatchBegin(done);
                    StepLoss loss;
                    try
                    {
                        loss = step.Validate(batch);
                        loss.RequireScalar("evaluation");
                        step.UpdateMetrics(metrics);
                    }
                    catch (Exception failure) when (StepFailure.Explains(failure))
                    {
                        throw StepFailure.Explain(failure, "evaluation", null, done, batch);
                    }

                    ((RunningMean)metrics[0]).AddMean(loss.Loss, loss.Samples);
                    callbacks.OnTestBatchEnd(done);
                }

                done++;
                logger.OnPassBatchEnd(done, () => MetricText.Join(names, shown.Select(i => metrics[i].Read())));
            }

            if (done == 0) throw new TrainingConfigurationException("The data produced no batches; Evaluate needs at least one.");
            var values = metrics.Select(m => m.Read()).ToArray();
            logger.OnPassEnd(names.Zip(shown.Select(i => values[i])));
            var logs = TLogs.Create(0, values, default);
            using (NewDisposeScope()) callbacks.OnTestEnd(in logs);
            return logs;
        }
        finally
        {
            // However the pass ends, what its pass-begin hooks changed (averaged weights swapped in) is put back.
            if (passBegun)
            {
                using (NewDisposeScope()) callbacks.OnPassEnd();
            }

            logger.OnTrainEnd();
            model.train(wasTraining);
            foreach (var metric in metrics) metric.Dispose();
        }
    }
}
