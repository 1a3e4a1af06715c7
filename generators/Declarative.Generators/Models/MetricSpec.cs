namespace Declarative.Generators.Models;

/// <summary>How a metric's per-batch values are computed.</summary>
internal enum MetricKind
{
    /// <summary>The loss function's value (always first).</summary>
    Loss,
    Accuracy,
    BinaryAccuracy,
    MeanAbsoluteError,
    MeanSquaredError,

    /// <summary>A method of the model marked <c>[Metric]</c>, of (output, target).</summary>
    User,

    /// <summary>A method of the model marked <c>[Metric]</c>, of what the training step returns.</summary>
    UserOfResult,

    /// <summary>The gradients' total norm before clipping (<c>grad_norm</c>), of training only.</summary>
    GradientNorm,
}

/// <summary>A training metric the model produces (each also has a <c>val_</c> twin).</summary>
/// <param name="Name">The Keras name (<c>accuracy</c>).</param>
/// <param name="Member">The logs member (<c>Accuracy</c>).</param>
/// <param name="Threshold">BinaryAccuracy's threshold.</param>
/// <param name="Method">A user metric's method name.</param>
/// <param name="IsStatic">Whether a user metric's method is static.</param>
/// <param name="Source">Where it comes from, for the plan comment (<c>[Accuracy]</c>).</param>
internal sealed record MetricSpec(
    string Name,
    string Member,
    MetricDirection Direction,
    MetricKind Kind,
    double Threshold,
    string? Method,
    bool IsStatic,
    string Source)
{
    /// <summary>Whether it has a <c>val_</c> twin (all but the values of training only).</summary>
    public bool HasValidation => Kind != MetricKind.GradientNorm;
}
