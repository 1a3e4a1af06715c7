using static TorchSharp.torch;

namespace Declarative.Training;

/// <summary>
/// A model's forward pass over one batch of its inputs, for <c>Predict</c>; the generator writes it as a struct per
/// model, so the call is direct.
/// </summary>
/// <typeparam name="TInput">One batch of the model's inputs: a tensor, or a tuple of tensors for a model of several inputs.</typeparam>
/// <remarks>Used by generated code; not meant to be used directly.</remarks>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public interface IForwardPass<TInput>
{
    /// <summary>The model's output for the batch.</summary>
    Tensor Forward(TInput input);

    /// <summary>The batch on <paramref name="device"/>.</summary>
    TInput MoveTo(TInput input, Device device);
}
