using Declarative.Metrics;
using static TorchSharp.torch;

namespace Declarative.Training;

/// <summary>
/// A model's training and validation steps, as the generator writes them for <see cref="TrainingLoop"/>: the model's
/// own <c>[TrainingStep]</c> and <c>[ValidationStep]</c> methods, called directly, or the default step (forward, then
/// the loss of output and target). The loop is generic over the struct, so each call is direct.
/// </summary>
/// <typeparam name="TBatch">What one batch is: the step's batch parameter, or the inputs and the target of the default step.</typeparam>
/// <remarks>Used by generated code; not meant to be used directly.</remarks>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public interface ITrainingStep<TBatch>
{
    /// <summary>
    /// Whether the training step runs backward and the optimizer steps itself (it takes the optimizers as parameters:
    /// manual optimization); otherwise the loop does, with gradient accumulation and clipping when declared.
    /// </summary>
    static abstract bool OptimizesItself { get; }

    /// <summary>Whether there is a validation step: the model's <c>[ValidationStep]</c>, or a training step the loop can reuse (one that does not optimize itself).</summary>
    static abstract bool CanValidate { get; }

    /// <summary>The model's <c>[ClipGradients]</c>, applied before every optimizer step, or null.</summary>
    static abstract ClipGradientsAttribute? Clipping { get; }

    /// <summary>The batches whose gradients add up to one optimizer step (the model's <c>[AccumulateGradients]</c>; 1 without).</summary>
    static abstract int AccumulatedBatches { get; }

    /// <summary>Whether <see cref="MoveTo"/> can move a batch (tensors, tuples of them, a DataLoader's dictionary or list, a type with <c>To(Device)</c>).</summary>
    static abstract bool CanMoveBatches { get; }

    /// <summary>Runs the training step on a batch (train mode, gradients on): its loss and weight.</summary>
    StepLoss Train(TBatch batch);

    /// <summary>Runs the validation step on a batch (eval mode, under no_grad): its loss and weight.</summary>
    StepLoss Validate(TBatch batch);

    /// <summary>Adds the declared metrics of the last <see cref="Train"/> or <see cref="Validate"/> call (under no_grad).</summary>
    void UpdateMetrics(MetricAccumulator[] metrics);

    /// <summary>The batch with every tensor moved to <paramref name="device"/> (Fit's <c>device</c>).</summary>
    /// <exception cref="TrainingConfigurationException">The batch type has no way to be moved.</exception>
    TBatch MoveTo(TBatch batch, Device device);
}
