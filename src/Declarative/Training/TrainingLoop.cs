using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.optim;

namespace Declarative.Training;

/// <summary>What <c>Fit</c> does besides the callbacks: where batches go, how much data a pass takes.</summary>
/// <param name="Device">The device each batch is moved to, or null to use batches where they are.</param>
/// <param name="Limits">How often to validate, and how many batches an epoch and a validation pass take.</param>
internal sealed record StepSettings(Device? Device, RunLimits Limits);

/// <summary>
/// The training loop behind every generated <c>Fit</c>: Keras's call order, with the hooks of the model's generated
/// dispatcher and the model's step. Generic over both structs, so every hook and step is a direct call the JIT can inline.
/// </summary>
/// <remarks>
/// <para>Per epoch: <c>OnEpochBegin</c>; for each batch, inside its own dispose scope: <c>OnTrainBatchBegin</c>, the
/// training step (by default forward and the loss, then backward and the optimizer step; a step that takes the
/// optimizers does its own), metric accumulation on the device, <c>OnTrainBatchEnd</c>; then the validation pass (eval
/// mode, <c>no_grad</c>); then the epoch's values are read to the host once and recorded in History, <c>OnEpochEnd</c>
/// runs, and the progress display prints them. A stop request skips the rest of the epoch's batches, but validation and the
/// epoch-end hooks still run, as in Keras.</para>
/// <para>Unlike Keras, <c>OnTrainEnd</c> also runs when an exception escapes (with <see cref="TrainingEndReason.Failed"/>),
/// before the exception propagates; cancellation ends training between batches, without an epoch end for the partial
/// epoch, and returns normally with <see cref="TrainingEndReason.Cancelled"/>. With <c>[BackupAndRestore]</c>, the run
/// first resumes from the latest intact backup, and writes backups as it goes (see <see cref="TrainingDriver{TCallbacks, TLogs}"/>).</para>
/// <para>Called by generated code; not meant to be called directly (a loop of your own uses a model's <c>CreateDriver</c>).</para>
/// </remarks>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static class TrainingLoop
{
    /// <summary>Trains <paramref name="model"/>; called by the generated <c>Fit</c>.</summary>
    /// <param name="model">The model.</param>
    /// <param name="callbacks">The model's dispatcher; its state is handed back.</param>
    /// <param name="step">The model's step.</param>
    /// <param name="train">The training batches.</param>
    /// <param name="epochs">The final epoch bound.</param>
    /// <param name="optimizers">The optimizers, named as the training step takes them (one, <c>optimizer</c>, by default).</param>
    /// <param name="validation">The validation batches, or null.</param>
    /// <param name="options">The rest of what the Fit call says (see <see cref="FitOptions"/>).</param>
    public static History<TLogs> Run<TCallbacks, TLogs, TStep, TBatch>(
        nn.Module model,
        ref TCallbacks callbacks,
        TStep step,
        TrainingData<TBatch> train,
        int epochs,
        IReadOnlyList<(string Name, Optimizer Optimizer)> optimizers,
        TrainingData<TBatch>? validation,
        FitOptions options)
        where TCallbacks : struct, ITrainingCallbacks<TLogs>
        where TLogs : struct, ITrainingLogs<TLogs>
        where TStep : struct, ITrainingStep<TBatch>
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(optimizers);
        ArgumentNullException.ThrowIfNull(options);
        var limits = new RunLimits(options.ValidationFrequency, options.StepsPerEpoch, options.ValidationSteps);
        CheckSupported<TStep, TBatch>(optimizers, train, validation, options.Device);
        if (options.Device is { } device) Devices.Check(model, optimizers, device);

        using var driver = new TrainingDriver<TCallbacks, TLogs>(
            callbacks, model, optimizers, limits.Batches(train.BatchCount), validation is not null, epochs, options.InitialEpoch, options.Progress, options.Output, options.CancellationToken, options.Signals, options.BackgroundSaves);
        var run = new TrainingRun<TCallbacks, TLogs, TStep, TBatch>(driver, model, step, train, validation, new StepSettings(options.Device, limits));
        try
        {
            return run.Run();
        }
        finally
        {
            // Hand the dispatcher's state back to the caller's copy.
            callbacks = driver.Callbacks;
        }
    }

    private static void CheckSupported<TStep, TBatch>(IReadOnlyList<(string Name, Optimizer Optimizer)> optimizers, TrainingData<TBatch> train, TrainingData<TBatch>? validation, Device? device)
        where TStep : struct, ITrainingStep<TBatch>
    {
        if (device is not null && !TStep.CanMoveBatches) throw Batches.CannotMove(typeof(TBatch).Name);
        foreach (var (name, optimizer) in optimizers)
        {
            if (optimizer is null) throw new ArgumentNullException(name, $"Pass the optimizer '{name}'.");
            if (optimizer is LBFGS && !TStep.OptimizesItself)
                throw new TrainingConfigurationException("LBFGS needs a closure that re-evaluates the model at every step, which Fit does not provide, and its learning rate cannot be scheduled through its parameter groups. Use another optimizer (Adam, SGD, ...), or a [TrainingStep] that takes the optimizer and calls step(closure) itself.");
        }

        if (train.BatchCount == 0)
            throw new TrainingConfigurationException("The training data has no batches; Fit needs at least one training batch per epoch.");
        if (validation?.BatchCount == 0)
            throw new TrainingConfigurationException("The validation data has no batches; pass validation data with at least one sample, or none.");
        if (validation is not null && !TStep.CanValidate)
            throw new TrainingConfigurationException("Fit got validation data, but the model's training step optimizes by hand and it has no [ValidationStep] to compute a validation loss with. Add a method marked [ValidationStep] taking the same batch, or pass no validation data.");
    }
}
