// Shared by the runtime library and the source generator (linked into both), so it stays netstandard2.0-compatible.
#nullable enable

using System;
using System.Collections.Generic;
using System.Linq;

namespace Declarative;

/// <summary>
/// A linear warmup, then a cosine decay, stepped after every optimizer step (Keras's <c>CosineDecay</c> with
/// <c>warmup_steps</c>; PyTorch's <c>LinearLR</c> followed by <c>CosineAnnealingLR</c>). The callback:
/// <see cref="Callbacks.WarmupCosineSchedule"/>.
/// </summary>
/// <remarks>
/// <para>With peak <c>P</c>, warmup <c>W</c>, total <c>T</c>, start factor <c>s</c> and final rate <c>F</c>, the rate for step
/// <c>t</c> (0-based: the rate the <c>t</c>-th optimizer step uses) is <c>P × (s + (1 − s) × t / W)</c> while
/// <c>t &lt; W</c>, then <c>F + (P − F) × (1 + cos(π (t − W) / (T − W))) / 2</c>, and <c>F</c> from <c>T</c> on (as
/// Keras's, which holds the end; PyTorch's cosine would rise again).</para>
/// <para>The rate is a function of the step alone, so a run resumed from a backup has exactly the rates of an
/// uninterrupted one. <see cref="TotalSteps"/> unset, the schedule spans the run: its epochs × optimizer steps per epoch
/// (batches per epoch divided by the batches accumulated per step, rounded up), known when training begins.</para>
/// </remarks>
/// <example><code>[WarmupCosineSchedule(WarmupSteps = 500)]</code></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class WarmupCosineScheduleAttribute : ScheduleAttribute, ICallbackSettings
{
    /// <summary>Creates the attribute.</summary>
    public WarmupCosineScheduleAttribute()
        : base(ScheduleInterval.Step)
    {
    }

    /// <summary>Steps of linear warmup, from <see cref="WarmupStartFactor"/> × the peak to the peak. Default 0: no warmup.</summary>
    public int WarmupSteps { get; set; }

    /// <summary>The schedule's steps, warmup included; at its end the rate is <see cref="FinalLearningRate"/>. Default 0: the run's.</summary>
    public int TotalSteps { get; set; }

    /// <summary>The rate at the end of the warmup; <see cref="double.NaN"/> (the default): each parameter group's initial rate (the optimizer's <c>lr</c>).</summary>
    public double PeakLearningRate { get; set; } = double.NaN;

    /// <summary>Where the warmup starts, as a fraction of the peak. Default 0 (Keras's and Hugging Face's warmup from zero).</summary>
    public double WarmupStartFactor { get; set; }

    /// <summary>The rate the cosine ends at (PyTorch's <c>eta_min</c>). Default 0.</summary>
    public double FinalLearningRate { get; set; }

    IEnumerable<Setting?> ICallbackSettings.Settings()
    {
        var defaults = new WarmupCosineScheduleAttribute();
        return new[]
        {
            Setting.IfChanged(nameof(WarmupSteps), WarmupSteps, defaults.WarmupSteps),
            Setting.IfChanged(nameof(TotalSteps), TotalSteps, defaults.TotalSteps),
            Setting.IfChanged(nameof(PeakLearningRate), PeakLearningRate, defaults.PeakLearningRate),
            Setting.IfChanged(nameof(WarmupStartFactor), WarmupStartFactor, defaults.WarmupStartFactor),
            Setting.IfChanged(nameof(FinalLearningRate), FinalLearningRate, defaults.FinalLearningRate),
        }.Concat(SharedSettings(ScheduleInterval.Step));
    }

    IEnumerable<SettingProblem?> ICallbackSettings.Problems()
    {
        yield return SettingProblem.Unless(WarmupSteps >= 0, nameof(WarmupSteps), WarmupSteps, "it counts steps and cannot be negative");
        yield return SettingProblem.Unless(TotalSteps >= 0, nameof(TotalSteps), TotalSteps, "it counts steps and cannot be negative (0 for the run's)");
        yield return SettingProblem.Unless(TotalSteps == 0 || WarmupSteps < TotalSteps, nameof(WarmupSteps), WarmupSteps, $"the warmup must end before the schedule does, at TotalSteps = {TotalSteps}");
        yield return SettingProblem.Unless(double.IsNaN(PeakLearningRate) || IsPositiveRate(PeakLearningRate), nameof(PeakLearningRate), PeakLearningRate, "a learning rate is a finite number > 0 (or NaN for the optimizer's)");
        yield return SettingProblem.Unless(WarmupStartFactor >= 0 && WarmupStartFactor <= 1, nameof(WarmupStartFactor), WarmupStartFactor, "the warmup starts at a fraction of the peak, between 0 and 1");
        yield return SettingProblem.Unless(FinalLearningRate >= 0 && SettingProblem.IsFinite(FinalLearningRate), nameof(FinalLearningRate), FinalLearningRate, "a learning rate is a finite number ≥ 0");
        yield return SettingProblem.Unless(!IsPositiveRate(PeakLearningRate) || !(FinalLearningRate > PeakLearningRate), nameof(FinalLearningRate), FinalLearningRate, $"the cosine decays from PeakLearningRate = {SettingsText.Literal(PeakLearningRate)}, so it cannot end above it");
        foreach (var problem in SharedProblems()) yield return problem;
    }
}
