// Shared by the runtime library and the source generator (linked into both), so it stays netstandard2.0-compatible.
#nullable enable

using System;
using System.Collections.Generic;

namespace Declarative;

/// <summary>
/// Accumulates the gradients of several batches before each optimizer step (Lightning's
/// <c>accumulate_grad_batches</c>), to train as with batches that many times larger: each batch's loss is divided by
/// <see cref="Batches"/> before backward, the optimizer steps after every <see cref="Batches"/>-th batch of an epoch,
/// and an epoch's last, shorter group is stepped too, its gradients scaled to the mean of its batches.
/// </summary>
/// <remarks>
/// Callbacks still see every batch: batch hooks, <c>SaveFrequency</c> and <c>UpdateFrequency</c> count batches, not
/// optimizer steps, and the logged loss is each batch's own. A backup written in the middle of a group keeps the
/// accumulated gradients, so a resumed run continues the group.
/// </remarks>
/// <example><code>[AccumulateGradients(4)]</code></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class AccumulateGradientsAttribute : Attribute, ICallbackSettings
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="batches">The batches whose gradients add up to one optimizer step.</param>
    public AccumulateGradientsAttribute(int batches) => Batches = batches;

    /// <summary>The batches whose gradients add up to one optimizer step.</summary>
    public int Batches { get; }

    IEnumerable<Setting?> ICallbackSettings.Settings()
    {
        yield return Setting.Positional(nameof(Batches), Batches);
    }

    IEnumerable<SettingProblem?> ICallbackSettings.Problems()
    {
        yield return SettingProblem.Unless(Batches >= 1, nameof(Batches), Batches, "it counts batches and must be at least 1");
    }
}
