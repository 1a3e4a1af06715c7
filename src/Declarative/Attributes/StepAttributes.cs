// Shared by the runtime library and the source generator (linked into both), so it stays netstandard2.0-compatible.
#nullable enable

using System;

namespace Declarative;

/// <summary>
/// Marks the model's training step, which <c>Fit</c> calls directly for every training batch instead of the default
/// step (forward, then the loss of output and target): <c>Tensor M(TBatch batch)</c> returning the batch's loss, or
/// <c>StepResult M(TBatch batch)</c> (or a type of your own with a <c>Loss</c> member) when the declared metrics need
/// the output and the target. <c>Fit</c> then takes batches of <c>TBatch</c>: any type (a tuple, a record of your
/// own, a DataLoader's dictionary or list).
/// </summary>
/// <remarks>
/// <para>The loop runs backward on the returned loss and steps the optimizer (with gradient accumulation and clipping
/// when declared). A step that takes optimizers as parameters after the batch (<c>M(TBatch batch, Optimizer generator,
/// Optimizer discriminator)</c>) optimizes by hand, as Lightning's manual optimization: it runs backward and steps them
/// itself, and <c>Fit</c> takes those optimizers, by those names, instead of one.</para>
/// <para>The step runs in train mode with gradients on, inside the batch's dispose scope. Without a
/// <see cref="ValidationStepAttribute"/>, validation calls the training step (in eval mode, under <c>no_grad</c>), which
/// only works for a step that does not optimize by hand.</para>
/// </remarks>
/// <example><code>[TrainingStep]
/// StepResult Step((Tensor Left, Tensor Right, Tensor Target) batch)
/// {
///     var output = forward(batch.Left, batch.Right);
///     return new(nn.functional.cross_entropy(output, batch.Target), output, batch.Target);
/// }</code></example>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class TrainingStepAttribute : Attribute
{
}

/// <summary>
/// Marks the model's validation step, called for every validation batch in eval mode under <c>no_grad</c>:
/// <c>Tensor M(TBatch batch)</c> or <c>StepResult M(TBatch batch)</c>, with the training step's batch and result types.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class ValidationStepAttribute : Attribute
{
}
