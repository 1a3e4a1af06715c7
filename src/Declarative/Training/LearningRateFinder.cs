using System;
using System.IO;
using System.Linq;
using System.Threading;
using Declarative.Progress;
using Declarative.State;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.optim;

namespace Declarative.Training;

/// <summary>
/// The sweep behind every generated <c>FindLearningRate</c> (Lightning's <c>Tuner.lr_find</c>): the model's own training
/// step, on batches of the data in train mode, one rate per optimizer step (see <see cref="LearningRateSweep"/>), then the
/// model, the optimizer and TorchSharp's random generator put back exactly as they were.
/// </summary>
/// <remarks>
/// <para>The step is the one Fit runs: a <c>[TrainingStep]</c> of the model's, <c>[AccumulateGradients]</c> (a group of
/// batches is one step of the sweep, its loss the group's mean) and <c>[ClipGradients]</c> behave as in Fit. The data is
/// passed over again as often as the steps need.</para>
/// <para>No callback acts during the sweep: the model's dispatcher is not called at all, so no checkpoint, backup, CSV
/// row, TensorBoard event, early stop or hook method runs, and no History is recorded.</para>
/// <para>Before the first step, the run's state (<see cref="RunState"/>) captures the model's weights and buffers, the
/// optimizer's state (its buffers and every parameter group's settings, the learning rate among them) and the random
/// generator in memory; after the last, or a failure, they are restored from it, and the parameters' gradients are put
/// back as they were. Only then is the suggestion applied, when asked.</para>
/// <para>Each step's loss is read to the host (an early stop needs it at once), as Lightning does.</para>
/// <para>Called by generated code; not meant to be called directly (<see cref="LearningRateSweep"/> drives a loop of your own).</para>
/// </remarks>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static class LearningRateFinder
{
    /// <summary>Sweeps the rates on <paramref name="model"/>; called by the generated <c>FindLearningRate</c>.</summary>
    /// <param name="model">The model; its weights, training mode and gradients are put back after.</param>
    /// <param name="step">The model's step (its training step runs).</param>
    /// <param name="train">The training batches.</param>
    /// <param name="optimizer">The optimizer whose rate is swept, by the name the training step takes it under; its state is put back after.</param>
    /// <param name="options">The sweep's settings, or null for Lightning's defaults.</param>
    /// <returns>The curve and the suggested rate.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    /// <exception cref="TrainingConfigurationException">The data has no batches, the model no parameters, or the optimizer's rate cannot be set.</exception>
    public static LearningRateFinderResult Run<TStep, TBatch>(nn.Module model, TStep step, TrainingData<TBatch> train, (string Name, Optimizer Optimizer) optimizer, LearningRateFinderOptions? options)
        where TStep : struct, ITrainingStep<TBatch>
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(optimizer.Optimizer, optimizer.Name);
        options ??= new LearningRateFinderOptions();
        var sweep = new LearningRateSweep(options);
        (string, Optimizer)[] optimizers = [optimizer];
        if (options.Device is not null && !TStep.CanMoveBatches) throw Batches.CannotMove(typeof(TBatch).Name);
        if (train.BatchCount == 0) throw new TrainingConfigurationException("The training data has no batches; the learning-rate finder needs at least one.");
        ModelParameters.Check(model, optimizers);
        if (options.Device is { } device) Devices.Check(model, optimizers, device);

        using var claim = ModelRuns.Enter(model, "FindLearningRate");
        using var session = new TrainingSession(model, optimizers, train.BatchCount, hasValidation: false, epochs: 0, initialEpoch: 0, metrics: [], TextWriter.Null, CancellationToken.None, configuration: []);
        session.RequireSettableLearningRate("FindLearningRate");
        var saved = session.State.Capture();
        var gradients = Gradients.Save(model);
        var wasTraining = model.training;
        var progress = new ProgressLogger(options.Progress, options.Output ?? Console.Out, TimeProvider.System);
        try
        {
            progress.OnPassBegin("Learning-rate finder", sweep.Steps);
            Sweep(model, step, train, optimizer.Optimizer, options.Device, sweep, progress);
        }
        finally
        {
            progress.OnTrainEnd();
            session.State.Restore(saved);
            gradients.Restore();
            model.train(wasTraining);
        }

        var result = sweep.Result();
        if (options.Apply && result.Suggestion is not null) result.ApplySuggestion(optimizer.Optimizer);
        progress.OnPassEnd(result.Suggestion is { } rate ? [("suggested_learning_rate", rate)] : []);
        return result;
    }

    private static void Sweep<TStep, TBatch>(nn.Module model, TStep step, TrainingData<TBatch> train, Optimizer optimizer, Device? device, LearningRateSweep sweep, ProgressLogger progress)
        where TStep : struct, ITrainingStep<TBatch>
    {
        var groups = optimizer.ParamGroups.ToArray();
        var stepped = false;
        var optimizerSteps = TStep.OptimizesItself ? null : new OptimizerSteps(optimizer, model, TStep.Clipping, TStep.AccumulatedBatches, gradientNorm: null, () => stepped = true);
        var (lossSum, samples) = (0.0, 0L);

        // The step's loss (a group's mean with accumulated gradients) goes to the sweep once the optimizer has stepped.
        void Record()
        {
            if (!stepped) return;
            sweep.Add(lossSum / samples);
            (lossSum, samples, stepped) = (0.0, 0L, false);
            progress.OnPassBatchEnd(sweep.Count, () => MetricText.Join(["learning_rate", "loss"], [sweep.LastRate, sweep.LastSmoothedLoss]));
        }

        model.train();
        while (!sweep.IsComplete)
        {
            optimizerSteps?.BeginEpoch();
            var batchesInPass = 0;
            using (var batches = train.GetBatches())
            {
                while (!sweep.IsComplete)
                {
                    using (NewDisposeScope())
                    {
                        if (!batches.MoveNext()) break;
                        var data = device is not null ? step.MoveTo(batches.Current, device) : batches.Current;
                        foreach (var group in groups) group.LearningRate = sweep.Rate;
                        try
                        {
                            var loss = step.Train(data);
                            loss.RequireScalar("training");
                            if (optimizerSteps is null) stepped = true; // a step that optimizes by hand: one step per batch
                            else optimizerSteps.Backward(loss.Loss);
                            lossSum += loss.Loss.ToDouble() * loss.Samples;
                            samples += loss.Samples;
                        }
                        catch (Exception failure) when (StepFailure.Explains(failure))
                        {
                            throw StepFailure.Explain(failure, "training", epoch: null, batchesInPass, data);
                        }
                    }

                    batchesInPass++;
                    Record();
                }
            }

            if (batchesInPass == 0)
                throw new TrainingConfigurationException("The training data produced no batches; the learning-rate finder needs at least one.");

            // A pass that ends inside a group of accumulated batches steps it, as Fit does at an epoch's end.
            if (!sweep.IsComplete)
            {
                using (NewDisposeScope()) optimizerSteps?.EndEpoch();
                Record();
            }
        }
    }

    /// <summary>The parameters' gradients before the sweep (usually none), to put back after it.</summary>
    private sealed class Gradients
    {
        private readonly (Parameter Parameter, Tensor? Gradient)[] _saved;

        private Gradients((Parameter, Tensor?)[] saved) => _saved = saved;

        public static Gradients Save(nn.Module model)
        {
            using var noGrad = no_grad();
            return new Gradients(model.parameters().Select(p =>
            {
                using var gradient = p.grad;
                return (p, gradient?.clone().DetachFromDisposeScope());
            }).ToArray());
        }

        public void Restore()
        {
            foreach (var (parameter, gradient) in _saved)
            {
                parameter.grad = gradient;
                gradient?.Dispose(); // the parameter holds its own reference
            }
        }
    }
}
