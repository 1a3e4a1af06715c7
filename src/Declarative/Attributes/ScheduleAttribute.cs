// Shared by the runtime library and the source generator (linked into both), so it stays netstandard2.0-compatible.
#nullable enable

using System;
using System.Collections.Generic;

namespace Declarative;

/// <summary>What a learning-rate schedule counts, and so when it changes the rate (Lightning's <c>interval</c>).</summary>
public enum ScheduleInterval
{
    /// <summary>
    /// Optimizer steps (Lightning's <c>"step"</c>): the rate changes after every optimizer step, and a group of batches
    /// whose gradients are accumulated is one step, not one per batch.
    /// </summary>
    Step,

    /// <summary>Epochs (Lightning's <c>"epoch"</c>): the rate changes at the beginning of every epoch.</summary>
    Epoch,
}

/// <summary>
/// The settings every learning-rate schedule shares (<see cref="WarmupCosineScheduleAttribute"/>,
/// <see cref="OneCycleScheduleAttribute"/>, <see cref="LinearScheduleAttribute"/>, <see cref="TorchSchedulerAttribute"/>):
/// what it counts, whose rate it sets, and whether it prints.
/// </summary>
public abstract class ScheduleAttribute : Attribute
{
    private protected ScheduleAttribute(ScheduleInterval interval) => Interval = interval;

    /// <summary>
    /// What the schedule counts: optimizer steps (<see cref="ScheduleInterval.Step"/>) or epochs. Its step settings
    /// (<c>TotalSteps</c>, <c>WarmupSteps</c>, <c>Steps</c>) count the same.
    /// </summary>
    public ScheduleInterval Interval { get; set; }

    /// <summary>Print the learning rate at the beginning of every epoch.</summary>
    public bool Verbose { get; set; }

    /// <summary>
    /// The optimizer whose learning rate it sets, by the name its model's training step takes it under (a step that
    /// optimizes by hand, with several); unset, every optimizer Fit gets.
    /// </summary>
    public string? Optimizer { get; set; }

    /// <summary>The settings every schedule has, when they differ from the defaults (<paramref name="defaultInterval"/> is the attribute's).</summary>
    private protected IEnumerable<Setting?> SharedSettings(ScheduleInterval defaultInterval)
    {
        yield return Setting.IfChanged(nameof(Interval), Interval, defaultInterval);
        yield return Setting.IfChanged(nameof(Verbose), Verbose, false);
        yield return Setting.IfChanged(nameof(Optimizer), Optimizer, null);
    }

    /// <summary>The range rules every schedule has.</summary>
    private protected IEnumerable<SettingProblem?> SharedProblems()
    {
        yield return SettingProblem.Unless(Interval is ScheduleInterval.Step or ScheduleInterval.Epoch, nameof(Interval), Interval, "use ScheduleInterval.Step or ScheduleInterval.Epoch");
    }

    /// <summary>Whether a learning rate is a finite number above zero.</summary>
    private protected static bool IsPositiveRate(double rate) => rate > 0 && SettingProblem.IsFinite(rate);
}
