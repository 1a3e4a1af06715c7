// Shared by the runtime library and the source generator (linked into both), so it stays netstandard2.0-compatible.
#nullable enable

using System;
using System.Collections.Generic;
using System.Linq;

namespace Declarative;

/// <summary>How <see cref="OneCycleScheduleAttribute"/> moves between two values (PyTorch's <c>anneal_strategy</c>).</summary>
public enum AnnealStrategy
{
    /// <summary>Along half a cosine: <c>end + (start − end) × (1 + cos(π × pct)) / 2</c>.</summary>
    Cosine,

    /// <summary>Along a straight line: <c>start + (end − start) × pct</c>.</summary>
    Linear,
}

/// <summary>
/// The 1cycle policy, stepped after every optimizer step (PyTorch's <c>OneCycleLR</c>, with its defaults): the rate
/// rises from <c>MaxLearningRate / DivFactor</c> to <see cref="MaxLearningRate"/> over the first
/// <see cref="PctStart"/> of the steps, then falls to <c>MaxLearningRate / DivFactor / FinalDivFactor</c>; the momentum
/// (Adam's β1) moves the other way between <see cref="MaxMomentum"/> and <see cref="BaseMomentum"/>. The callback:
/// <see cref="Callbacks.OneCycleSchedule"/>.
/// </summary>
/// <remarks>
/// <para>The phases are PyTorch's: the first ends at step <c>PctStart × T − 1</c>, the last at <c>T − 1</c> (with
/// <see cref="ThreePhase"/>, a second one back to the initial rate ends at <c>2 × PctStart × T − 2</c>), and each value
/// is annealed between its phase's ends. Past the last step the rate stays at the minimum, where PyTorch raises.</para>
/// <para>The values are a function of the step alone, so a run resumed from a backup has exactly the rates and
/// momentums of an uninterrupted one. <see cref="TotalSteps"/> unset, the cycle spans the run (its epochs × optimizer
/// steps per epoch), known when training begins.</para>
/// </remarks>
/// <example><code>[OneCycleSchedule(0.01)]</code></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class OneCycleScheduleAttribute : ScheduleAttribute, ICallbackSettings
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="maxLearningRate">The highest rate of the cycle, for every parameter group (PyTorch's <c>max_lr</c>).</param>
    public OneCycleScheduleAttribute(double maxLearningRate)
        : base(ScheduleInterval.Step) => MaxLearningRate = maxLearningRate;

    /// <summary>The highest rate of the cycle.</summary>
    public double MaxLearningRate { get; }

    /// <summary>The cycle's steps. Default 0: the run's.</summary>
    public int TotalSteps { get; set; }

    /// <summary>The fraction of the cycle spent raising the rate, between 0 and 1. Default 0.3.</summary>
    public double PctStart { get; set; } = 0.3;

    /// <summary>How values move within a phase. Default <see cref="AnnealStrategy.Cosine"/>.</summary>
    public AnnealStrategy Anneal { get; set; }

    /// <summary>Whether the momentum (SGD's and RMSprop's <c>momentum</c>, Adam's β1) cycles inversely to the rate. Default true.</summary>
    public bool CycleMomentum { get; set; } = true;

    /// <summary>The lowest momentum, reached with the highest rate. Default 0.85.</summary>
    public double BaseMomentum { get; set; } = 0.85;

    /// <summary>The highest momentum, at the start and end of the cycle. Default 0.95.</summary>
    public double MaxMomentum { get; set; } = 0.95;

    /// <summary>The initial rate is <c>MaxLearningRate / DivFactor</c>. Default 25.</summary>
    public double DivFactor { get; set; } = 25;

    /// <summary>The final rate is <c>MaxLearningRate / DivFactor / FinalDivFactor</c>. Default 1e4.</summary>
    public double FinalDivFactor { get; set; } = 1e4;

    /// <summary>A third phase: up, back down to the initial rate, then to the final rate (fastai's shape). Default false.</summary>
    public bool ThreePhase { get; set; }

    IEnumerable<Setting?> ICallbackSettings.Settings()
    {
        var defaults = new OneCycleScheduleAttribute(MaxLearningRate);
        return new[]
        {
            Setting.Positional(nameof(MaxLearningRate), MaxLearningRate),
            Setting.IfChanged(nameof(TotalSteps), TotalSteps, defaults.TotalSteps),
            Setting.IfChanged(nameof(PctStart), PctStart, defaults.PctStart),
            Setting.IfChanged(nameof(Anneal), Anneal, defaults.Anneal),
            Setting.IfChanged(nameof(CycleMomentum), CycleMomentum, defaults.CycleMomentum),
            Setting.IfChanged(nameof(BaseMomentum), BaseMomentum, defaults.BaseMomentum),
            Setting.IfChanged(nameof(MaxMomentum), MaxMomentum, defaults.MaxMomentum),
            Setting.IfChanged(nameof(DivFactor), DivFactor, defaults.DivFactor),
            Setting.IfChanged(nameof(FinalDivFactor), FinalDivFactor, defaults.FinalDivFactor),
            Setting.IfChanged(nameof(ThreePhase), ThreePhase, defaults.ThreePhase),
        }.Concat(SharedSettings(ScheduleInterval.Step));
    }

    IEnumerable<SettingProblem?> ICallbackSettings.Problems()
    {
        yield return SettingProblem.Unless(IsPositiveRate(MaxLearningRate), nameof(MaxLearningRate), MaxLearningRate, "a learning rate is a finite number > 0");
        yield return SettingProblem.Unless(TotalSteps >= 0, nameof(TotalSteps), TotalSteps, "it counts steps and cannot be negative (0 for the run's)");
        yield return SettingProblem.Unless(PctStart > 0 && PctStart < 1, nameof(PctStart), PctStart, "it is the fraction of the cycle spent raising the rate, between 0 and 1 (exclusive)");
        yield return SettingProblem.Unless(!ThreePhase || PctStart < 0.5, nameof(PctStart), PctStart, "with ThreePhase, the rate rises and falls back over 2 × PctStart of the cycle, so PctStart must be below 0.5");
        yield return SettingProblem.Unless(Anneal is AnnealStrategy.Cosine or AnnealStrategy.Linear, nameof(Anneal), Anneal, "use AnnealStrategy.Cosine or AnnealStrategy.Linear");
        yield return SettingProblem.Unless(BaseMomentum >= 0 && BaseMomentum <= 1, nameof(BaseMomentum), BaseMomentum, "a momentum is between 0 and 1");
        yield return SettingProblem.Unless(MaxMomentum >= 0 && MaxMomentum <= 1, nameof(MaxMomentum), MaxMomentum, "a momentum is between 0 and 1");
        yield return SettingProblem.Unless(!(BaseMomentum > MaxMomentum), nameof(BaseMomentum), BaseMomentum, $"the momentum cycles down from MaxMomentum = {SettingsText.Literal(MaxMomentum)}, so BaseMomentum cannot be above it");
        yield return SettingProblem.Unless(DivFactor > 0 && SettingProblem.IsFinite(DivFactor), nameof(DivFactor), DivFactor, "the initial rate is MaxLearningRate / DivFactor, so it must be a finite number > 0");
        yield return SettingProblem.Unless(FinalDivFactor > 0 && SettingProblem.IsFinite(FinalDivFactor), nameof(FinalDivFactor), FinalDivFactor, "the final rate is the initial rate / FinalDivFactor, so it must be a finite number > 0");
        foreach (var problem in SharedProblems()) yield return problem;
    }
}
