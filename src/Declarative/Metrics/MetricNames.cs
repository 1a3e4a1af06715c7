// Shared by the runtime library and the source generator (linked into both), so it stays netstandard2.0-compatible.
#nullable enable

namespace Declarative.Metrics;

/// <summary>
/// The names a model's logs use, as Keras names them: <c>loss</c>, each declared metric, the <c>val_</c> twin of each,
/// and <c>learning_rate</c>; and the members they become on the generated logs type (<c>val_loss</c> is <c>ValLoss</c>).
/// </summary>
internal static class MetricNames
{
    /// <summary>The loss function's value, every model's first metric.</summary>
    public const string Loss = "loss";

    /// <summary>The first parameter group's learning rate during the epoch.</summary>
    public const string LearningRate = "learning_rate";

    /// <summary>Training samples per second over the epoch (<c>[Throughput]</c>).</summary>
    public const string SamplesPerSecond = "samples_per_second";

    /// <summary>Training batches per second over the epoch (<c>[Throughput]</c>).</summary>
    public const string BatchesPerSecond = "batches_per_second";

    /// <summary>What a monitoring callback watches when its attribute does not say (Keras's default).</summary>
    public const string ValidationLoss = "val_loss";

    /// <summary>The gradients' total norm before clipping, a value of training only (<c>[ClipGradients(LogNorm = true)]</c>).</summary>
    public const string GradientNorm = "grad_norm";

    /// <summary>The prefix of every value measured on the validation data.</summary>
    public const string ValidationPrefix = "val_";

    /// <summary>The prefix of the logs members of validation values (<c>ValLoss</c>).</summary>
    public const string ValidationMemberPrefix = "Val";

    /// <summary><c>accuracy</c> → <c>val_accuracy</c>.</summary>
    public static string Validation(string name) => ValidationPrefix + name;

    /// <summary>Whether a name is a validation value (<c>val_*</c>), which exists only when Fit gets validation data.</summary>
    public static bool IsValidation(string name) => name.StartsWith(ValidationPrefix, System.StringComparison.Ordinal);

    /// <summary><c>val_accuracy</c> → <c>accuracy</c>; a training name is returned as it is.</summary>
    public static string Training(string name) => IsValidation(name) ? name.Substring(ValidationPrefix.Length) : name;

    /// <summary><c>Accuracy</c> → <c>ValAccuracy</c>.</summary>
    public static string ValidationMember(string member) => ValidationMemberPrefix + member;
}
