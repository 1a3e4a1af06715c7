using static TorchSharp.torch;

namespace Declarative.Training;

/// <summary>
/// What a model's training or validation step returns when its metrics need more than the loss: the batch's loss, and
/// the output and target that the declared metrics (<c>[Accuracy]</c>, <c>[Metric]</c> methods of (output, target))
/// are computed from.
/// </summary>
/// <param name="Loss">The batch's mean loss, a scalar; the loop runs backward on it (unless the step optimizes itself).</param>
/// <param name="Output">The model's output for the batch, for the declared metrics.</param>
/// <param name="Target">The batch's target, for the declared metrics.</param>
/// <param name="Samples">How many samples the batch holds, which weighs its loss in the epoch's mean; 0 to take the first
/// dimension of <paramref name="Output"/> (or of <paramref name="Target"/>), or to count each batch once without either.</param>
/// <remarks>A step may instead return the loss alone (a <see cref="Tensor"/>), or a type of its own with a <c>Loss</c> tensor
/// member (and, for the metrics, <c>Output</c> and <c>Target</c>, and <c>Samples</c>), whose members <c>[Metric]</c> methods
/// taking that type can read.</remarks>
public readonly record struct StepResult(Tensor Loss, Tensor? Output = null, Tensor? Target = null, long Samples = 0)
{
    /// <summary>The weight of this batch's loss in the epoch's mean (see <see cref="Samples"/>).</summary>
    public long Weight => Samples > 0 ? Samples : SamplesOf(Output ?? Target);

    /// <summary>The first dimension of a batch's tensor (1 for a scalar or none): how many samples it stands for.</summary>
    public static long SamplesOf(Tensor? tensor) => tensor is null || tensor.dim() == 0 ? 1 : tensor.size(0);
}

/// <summary>A batch's loss and the number of samples it stands for, as a step hands them to the training loop.</summary>
/// <remarks>Used by generated code; not meant to be used directly.</remarks>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public readonly record struct StepLoss(Tensor Loss, long Samples)
{
    /// <summary>Fails with the fix when the loss is not a scalar (per-sample losses, say), before backward or the epoch's mean trip on it.</summary>
    /// <exception cref="TrainingConfigurationException">The loss has dimensions.</exception>
    internal void RequireScalar(string pass)
    {
        if (Loss.dim() == 0) return;
        throw new TrainingConfigurationException(
            $"The {pass} step returned a loss of shape [{string.Join(", ", Loss.shape)}]; a step returns the batch's loss as a scalar. " +
            "Reduce it (loss.mean(), or a weighted sum divided by the weights' sum) before returning it.");
    }
}
