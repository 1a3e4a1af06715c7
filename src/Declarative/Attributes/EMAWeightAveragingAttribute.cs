// Shared by the runtime library and the source generator (linked into both), so it stays netstandard2.0-compatible.
#nullable enable

using System;
using System.Collections.Generic;

namespace Declarative;

/// <summary>
/// Keeps an exponential moving average of the model's weights (Lightning's <c>EMAWeightAveraging</c>; Keras's
/// optimizer <c>use_ema</c> with the <c>SwapEMAWeights</c> callback): after every <see cref="UpdateEverySteps"/>-th
/// optimizer step, <c>average = Decay × average + (1 − Decay) × weight</c>, the first update copying the weights.
/// Validation, <c>Evaluate</c> and <c>Predict</c> run with the averaged weights, swapped in for the pass and back after
/// it (never before the first update); training goes on with the model's own; at the end of training the model takes
/// the averaged weights. The callback: <see cref="Callbacks.EMAWeightAveraging"/>.
/// </summary>
/// <remarks>
/// Parameters and floating-point buffers (batch-norm statistics) are averaged, integer buffers copied, as Lightning's
/// default (<c>use_buffers=True</c>). Backups hold both sets of weights, and checkpoints the averaged ones after the
/// model's (<see cref="IO.Checkpoint.LoadAveragedWeights"/>).
/// </remarks>
/// <example><code>[EMAWeightAveraging(Decay = 0.999, StartStep = 1000)]</code></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class EMAWeightAveragingAttribute : Attribute, ICallbackSettings
{
    /// <summary>How much of the average each update keeps, between 0 and 1 (exclusive). Default 0.999, as Lightning's.</summary>
    public double Decay { get; set; } = 0.999;

    /// <summary>Update on every N-th optimizer step (the steps counted from 0 over the run, updating when the count is a multiple of N). Default 1.</summary>
    public int UpdateEverySteps { get; set; } = 1;

    /// <summary>The first (0-based) optimizer step that may update the average. Default 0.</summary>
    public long StartStep { get; set; }

    /// <summary>The first (0-based) epoch whose optimizer steps may update the average. Default 0.</summary>
    public int StartEpoch { get; set; }

    /// <summary>
    /// Whether the model ends training holding the averaged weights (default true); false keeps its own, and
    /// <c>Evaluate</c> and <c>Predict</c> still swap the averaged ones in for their pass.
    /// </summary>
    public bool EndWithAveragedWeights { get; set; } = true;

    IEnumerable<Setting?> ICallbackSettings.Settings()
    {
        var defaults = new EMAWeightAveragingAttribute();
        yield return Setting.IfChanged(nameof(Decay), Decay, defaults.Decay);
        yield return Setting.IfChanged(nameof(UpdateEverySteps), UpdateEverySteps, defaults.UpdateEverySteps);
        yield return Setting.IfChanged(nameof(StartStep), StartStep, defaults.StartStep);
        yield return Setting.IfChanged(nameof(StartEpoch), StartEpoch, defaults.StartEpoch);
        yield return Setting.IfChanged(nameof(EndWithAveragedWeights), EndWithAveragedWeights, defaults.EndWithAveragedWeights);
    }

    IEnumerable<SettingProblem?> ICallbackSettings.Problems()
    {
        yield return SettingProblem.Unless(Decay > 0 && Decay < 1, nameof(Decay), Decay, "the average keeps Decay of itself at each update, so it must be between 0 and 1 (exclusive)");
        yield return SettingProblem.Unless(UpdateEverySteps >= 1, nameof(UpdateEverySteps), UpdateEverySteps, "it counts optimizer steps and must be at least 1");
        yield return SettingProblem.Unless(StartStep >= 0, nameof(StartStep), StartStep, "it is a 0-based optimizer step and cannot be negative");
        yield return SettingProblem.Unless(StartEpoch >= 0, nameof(StartEpoch), StartEpoch, "it is a 0-based epoch and cannot be negative");
    }
}
