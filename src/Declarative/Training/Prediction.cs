using System;
using System.Collections.Generic;
using System.IO;
using Declarative.Progress;
using static TorchSharp.torch;

namespace Declarative.Training;

/// <summary>
/// The pass behind every generated <c>Predict</c> (Keras's <c>predict</c>): the model's forward pass over the batches,
/// in eval mode under <c>no_grad</c>, each batch in its own dispose scope, so that the outputs are the only tensors kept;
/// they are concatenated along the batch dimension, on the device the batches were moved to (or the model's). The
/// model's predict hooks run around the pass and each batch, as in Keras's <c>predict</c>, inside its pass hooks (the
/// pass-end hooks run however the pass ends).
/// </summary>
/// <remarks>Used by generated code; not meant to be used directly.</remarks>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static class Prediction
{
    /// <summary>Predicts with <paramref name="model"/>; called by the generated <c>Predict</c>.</summary>
    /// <param name="model">The model; its training mode is put back after.</param>
    /// <param name="callbacks">The model's dispatcher, whose predict hooks run.</param>
    /// <param name="forward">The model's forward pass.</param>
    /// <param name="data">The batches of inputs.</param>
    /// <param name="progress">What to print: a live bar in a terminal and one line at the end (Auto), or nothing.</param>
    /// <param name="output">Where to print; the console by default.</param>
    /// <param name="device">The device to move each batch to, or null to use batches where they are.</param>
    /// <returns>The outputs of every batch, concatenated along the first dimension.</returns>
    /// <exception cref="TrainingConfigurationException">The data has no batches.</exception>
    public static Tensor Run<TCallbacks, TLogs, TForward, TInput>(nn.Module model, ref TCallbacks callbacks, TForward forward, TrainingData<TInput> data, ProgressMode progress, TextWriter? output, Device? device)
        where TCallbacks : struct, ITrainingCallbacks<TLogs>
        where TLogs : struct, ITrainingLogs<TLogs>
        where TForward : struct, IForwardPass<TInput>
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        if (data.BatchCount == 0) throw new TrainingConfigurationException("The data has no batches; Predict needs at least one.");

        using var claim = ModelRuns.Enter(model, "Predict");
        var logger = new ProgressLogger(progress, output ?? Console.Out, TimeProvider.System);
        var wasTraining = model.training;
        var outputs = new List<Tensor>();
        var passBegun = false;
        try
        {
            model.eval();
            logger.OnPassBegin("Predict", data.BatchCount);
            using (no_grad())
            {
                using (NewDisposeScope())
                {
                    passBegun = true;
                    callbacks.OnPassBegin();
                    callbacks.OnPredictBegin();
                }

                using var batches = data.GetBatches();
                while (true)
                {
                    using (NewDisposeScope())
                    {
                        if (!batches.MoveNext()) break;
                        var batch = device is not null ? forward.MoveTo(batches.Current, device) : batches.Current;
                        callbacks.OnPredictBatchBegin(outputs.Count);
                        Tensor result;
                        try
                        {
                            result = forward.Forward(batch);
                        }
                        catch (Exception failure) when (StepFailure.Explains(failure))
                        {
                            throw StepFailure.Explain(failure, "prediction", null, outputs.Count, batch);
                        }

                        // Kept past the batch's scope (which frees everything else the batch made), until concatenated.
                        outputs.Add(result.detach().MoveToOuterDisposeScope());
                        callbacks.OnPredictBatchEnd(outputs.Count - 1);
                    }

                    logger.OnPassBatchEnd(outputs.Count, static () => string.Empty);
                }
            }

            if (outputs.Count == 0) throw new TrainingConfigurationException("The data produced no batches; Predict needs at least one.");
            using (NewDisposeScope()) callbacks.OnPredictEnd();
            logger.OnPassEnd([]);
            return outputs.Count == 1 ? outputs[0].alias() : cat(outputs, 0);
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
            foreach (var part in outputs) part.Dispose();
        }
    }
}
