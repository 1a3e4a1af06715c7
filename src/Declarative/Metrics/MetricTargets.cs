using System;
using static TorchSharp.torch;

namespace Declarative.Metrics;

/// <summary>How the classification metrics read a batch's target.</summary>
internal static class MetricTargets
{
    /// <summary>
    /// Whether each element's target is positive (not 0), in the output's shape: a target of the output's number of
    /// elements is read element by element; integer class indices of an output of shape (N, C) are one-hot encoded.
    /// </summary>
    /// <exception cref="ArgumentException">The target is neither.</exception>
    public static Tensor Positives(Tensor output, Tensor target)
    {
        if (target.numel() == output.numel()) return target.reshape(output.shape).ne(0);
        var classes = output.dim() >= 2 ? output.shape[^1] : 0;
        if (classes > 0 && target.numel() * classes == output.numel() && !target.is_floating_point())
            return nn.functional.one_hot(target.reshape(output.shape[..^1]).to_type(ScalarType.Int64), classes).ne(0);
        throw new ArgumentException(
            $"The target (shape [{string.Join(", ", target.shape)}]) matches neither the output's shape [{string.Join(", ", output.shape)}] nor its samples as integer class indices.",
            nameof(target));
    }
}
