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

    // Keras's epsilon, and the other constants, made once: a Scalar per batch would allocate.
    private static readonly Scalar Epsilon = 1e-7;
    private static readonly Scalar SquaredNormFloor = 1e-14;
    private static readonly Scalar Hundred = 100.0;

    /// <summary><c>100 × |target - output| / max(|target|, 1e-7)</c>, element-wise (Keras's <c>mean_absolute_percentage_error</c> before the mean).</summary>
    public static Tensor AbsolutePercentageError(Tensor output, Tensor target)
    {
        var expected = target.reshape(output.shape);
        return (expected - output).abs_().div_(expected.abs().clamp_min(Epsilon)).mul_(Hundred);
    }

    /// <summary><c>(log(max(output, 1e-7) + 1) - log(max(target, 1e-7) + 1))²</c>, element-wise (Keras's <c>mean_squared_logarithmic_error</c> before the mean).</summary>
    public static Tensor SquaredLogarithmicError(Tensor output, Tensor target) =>
        output.clamp_min(Epsilon).log1p_().sub_(target.reshape(output.shape).clamp_min(Epsilon).log1p_()).square();

    /// <summary>The cosine between output and target along the last dimension, one per sample, each normalised as <c>x / sqrt(max(Σx², 1e-14))</c> (Keras's <c>cosine_similarity</c>).</summary>
    public static Tensor CosineSimilarity(Tensor output, Tensor target)
    {
        var expected = target.reshape(output.shape);
        var norms = output.square().sum(-1).clamp_min_(SquaredNormFloor).mul_(expected.square().sum(-1).clamp_min_(SquaredNormFloor)).sqrt_();
        return (output * expected).sum(-1).div_(norms);
    }

    /// <summary>True where the target class (an index, or a one-hot row's argmax) scores at least the k-th highest output of its sample (Keras's <c>in_top_k</c>: ties count).</summary>
    public static Tensor TopKAccuracy(Tensor output, Tensor target, int k)
    {
        var expected = target.dim() == output.dim() && target.is_floating_point() ? target.argmax(-1) : target.reshape(output.shape[..^1]).to_type(ScalarType.Int64);
        var top = (int)System.Math.Min(k, output.shape[^1]);
        var kth = output.topk(top, -1).values.select(-1, top - 1);
        return output.gather(-1, expected.unsqueeze(-1)).squeeze(-1).ge(kth);
    }
}
