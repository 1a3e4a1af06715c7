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
/// <c>OnEpochEnd</c> runs, followed by History and the progress display. A stop request skips the rest of the epoch's
/// batches, but validation and the epoch-end hooks still run, as in Keras.</para>
/// <para>Unlike Keras, <c>OnTrainEnd</c> also runs when an exception escapes (with <see cref="TrainingEndReason.Failed"/>),
/// before the exception propagates; cancellation ends training between batches, without an epoch end for the partial
/// epoch, and returns normally with <see cref="TrainingEndReason.Cancelled"/>. With <c>[BackupAndRestore]</c>, the run
/// first resumes from the latest intact backup, and writes backups as it goes (see <see cref="TrainingRun{TCallbacks, TLogs}"/>).</para>
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
        CheckSupported(optimizer, train, validation, callbacks.Backup is not null);

        var progressLogger = new ProgressLogger(progress, output ?? Console.Out, TimeProvider.System);
        using var session = new TrainingSession(
            model, optimizer, train, validation, epochs, initialEpoch, TLogs.Metrics.Count, progressLogger.CallbackOutput, cancellationToken);
        var run = new TrainingRun<TCallbacks, TLogs>(callbacks, model, session, loss, progressLogger);
        try
        {
            return run.Run();
        }
        finally
        {
            // Hand the dispatcher's state (its batch counter) back to the caller's copy.
            callbacks = run.Callbacks;
        }
    }

    private static void CheckSupported(optim.Optimizer optimizer, TrainingData train, TrainingData? validation, bool backups)
    {
        if (optimizer is LBFGS)
            throw new TrainingConfigurationException("LBFGS needs a closure that re-evaluates the model at every step, which Fit does not provide, and its learning rate cannot be scheduled through its parameter groups. Use another optimizer (Adam, SGD, ...) or write the loop by hand.");
        if (backups && optimizer is not OptimizerHelper)
            throw new TrainingConfigurationException($"[BackupAndRestore] needs to save the optimizer's state, and {optimizer.GetType().Name} keeps it in native code that TorchSharp cannot save. Use an optimizer from torch.optim such as Adam or SGD.");
        if (train.BatchCount == 0)
            throw new TrainingConfigurationException("The training data has no batches; Fit needs at least one training batch per epoch.");
        if (validation?.BatchCount == 0)
            throw new TrainingConfigurationException("The validation data has no batches; pass validation data with at least one sample, or none.");
    }
}
