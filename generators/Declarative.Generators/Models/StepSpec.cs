using Declarative.Generators.Helpers;

namespace Declarative.Generators.Models;

/// <summary>What a batch is, as far as moving it to a device and weighing its loss go.</summary>
internal enum BatchShape
{
    /// <summary>A tensor.</summary>
    Tensor,

    /// <summary>A tuple of tensors (the default step's inputs and target).</summary>
    TensorTuple,

    /// <summary>A map-style DataLoader's <c>Dictionary&lt;string, Tensor&gt;</c>.</summary>
    Dictionary,

    /// <summary>A list-style DataLoader's <c>IList&lt;Tensor&gt;</c> (or a list or array of tensors).</summary>
    TensorList,

    /// <summary>A type of the user's with a <c>To(Device)</c> method returning the same type.</summary>
    Movable,

    /// <summary>Anything else: it cannot be moved to a device by Fit.</summary>
    Other,
}

/// <summary>What a step returns: the loss alone, or a type with a <c>Loss</c> member and maybe what metrics need.</summary>
/// <param name="Type">The fully qualified type.</param>
/// <param name="IsLoss">Whether it is the loss itself (a Tensor).</param>
/// <param name="HasOutputAndTarget">Whether it has <c>Output</c> and <c>Target</c> tensor members, for the declared metrics.</param>
/// <param name="NullableOutput">Whether those members may be null (StepResult's are optional), so the generated code checks them.</param>
/// <param name="Samples">The expression, on <c>_result</c>, of the batch's weight, when the type gives one.</param>
internal sealed record ResultSpec(string Type, bool IsLoss, bool HasOutputAndTarget, bool NullableOutput, string? Samples);

/// <summary>How the model trains: its training and validation steps (its own, or the default one), its batches and optimizers.</summary>
/// <param name="BatchType">The fully qualified batch type, as Fit takes it.</param>
/// <param name="Batch">What the batch is, to move it and to weigh a loss-only result.</param>
/// <param name="TupleArity">For a tuple batch, its number of tensors.</param>
/// <param name="Inputs">The default step's inputs (forward's parameters, PascalCase), before the target; empty with a step of the model's.</param>
/// <param name="TrainMethod">The model's <c>[TrainingStep]</c> method, or null for the default step.</param>
/// <param name="ValidationMethod">The model's <c>[ValidationStep]</c> method, or null.</param>
/// <param name="Optimizers">The optimizers the training step takes (it then optimizes by hand), as (type, parameter name).</param>
/// <param name="Gradients">How the loop clips and accumulates the gradients.</param>
/// <param name="Forward">The module's inputs (PascalCase) when it maps tensors to a tensor, which Predict takes; empty otherwise.</param>
internal sealed record StepSpec(
    string BatchType,
    BatchShape Batch,
    int TupleArity,
    EquatableArray<string> Inputs,
    string? TrainMethod,
    bool TrainIsStatic,
    string? ValidationMethod,
    bool ValidationIsStatic,
    ResultSpec Result,
    EquatableArray<OptimizerSpec> Optimizers,
    GradientSettings Gradients,
    EquatableArray<string> Forward)
{
    public bool IsDefault => TrainMethod is null;

    public bool OptimizesItself => Optimizers.Count > 0;

    /// <summary>Whether the model has a validation step (its own, or the default step's), which Evaluate runs.</summary>
    public bool CanValidate => !OptimizesItself || ValidationMethod is not null;
}

/// <summary>An optimizer a step that optimizes by hand takes: its type and its parameter's name.</summary>
internal sealed record OptimizerSpec(string Type, string Name);

/// <summary>The model's <c>[ClipGradients]</c> and <c>[AccumulateGradients]</c>.</summary>
/// <param name="Clipping">The clipping settings as C# code for the generated step, or null without clipping.</param>
/// <param name="ClippingDescription">Their canonical text, or null.</param>
/// <param name="ClipByNorm">Whether the gradients are clipped by their norm (else by value).</param>
/// <param name="ClipLimit">The largest norm or magnitude allowed.</param>
/// <param name="LogsNorm">Whether <c>grad_norm</c> is in the logs.</param>
/// <param name="AccumulatedBatches">The batches of one optimizer step (1 without accumulation).</param>
internal sealed record GradientSettings(
    string? Clipping,
    string? ClippingDescription,
    bool ClipByNorm,
    double ClipLimit,
    double NormType,
    bool LogsNorm,
    int AccumulatedBatches)
{
    public static readonly GradientSettings None = new(null, null, false, 0, 2, false, 1);
}

/// <summary>An option of Fit (a property of the runtime's <c>FitOptions</c>): its type, fully qualified, and its property.</summary>
internal sealed record OptionSpec(string Type, string Property)
{
    /// <summary>Its parameter's name: <c>InitialEpoch</c> is <c>initialEpoch</c>.</summary>
    public string Parameter => char.ToLowerInvariant(Property[0]) + Property.Substring(1);
}
