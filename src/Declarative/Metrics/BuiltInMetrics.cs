using TorchSharp;
using static TorchSharp.torch;

namespace Declarative.Metrics;

/// <summary>
/// The per-sample values of the built-in metrics, for <see cref="RunningMean.Add(Tensor)"/>. Called by generated code under
/// <c>no_grad</c> inside the batch's dispose scope.
/// </summary>
public static class BuiltInMetrics
{
    /// <summary>True where the argmax of the output's last dimension equals the target class (or the target's argmax).</summary>
    /// <remarks>Booleans, not 0/1 floats: <see cref="RunningMean.Add(Tensor)"/> sums them as they are, one kernel fewer per batch.</remarks>
    public static Tensor Accuracy(Tensor output, Tensor target)
    {
        var predicted = output.argmax(-1);
        var expected = target.dim() == output.dim() && target.is_floating_point() ? target.argmax(-1) : target;
        return predicted.eq(expected);
    }

    /// <summary>True where <c>output &gt; threshold</c> agrees with <c>target &gt; 0.5</c> (Keras's <c>BinaryAccuracy</c>).</summary>
    public static Tensor BinaryAccuracy(Tensor output, Tensor target, double threshold)
    {
        using Scalar limit = threshold;
        var predicted = output.gt(limit);
        var expected = target.gt(0.5);
        return predicted.eq(expected.reshape(predicted.shape));
    }

    /// <summary><c>|output - target|</c>, element-wise.</summary>
    public static Tensor AbsoluteError(Tensor output, Tensor target) => (output - target.reshape(output.shape)).abs();

    /// <summary><c>(output - target)²</c>, element-wise.</summary>
    public static Tensor SquaredError(Tensor output, Tensor target) => (output - target.reshape(output.shape)).square();
}
