// Shared by the runtime library and the source generator (linked into both), so it stays netstandard2.0-compatible.
#nullable enable

using System;
using System.Collections.Generic;
using System.Globalization;

namespace Declarative;

/// <summary>When <see cref="TimerAttribute"/> checks the time spent.</summary>
public enum TimerInterval
{
    /// <summary>After every training batch (Lightning's <c>"step"</c>): training stops at most one batch late.</summary>
    Batch,

    /// <summary>At the end of every epoch: training stops after a complete epoch.</summary>
    Epoch,
}

/// <summary>
/// Stops training gracefully once a budget of training time is spent (Lightning's <c>Timer</c>): the run ends as
/// <see cref="TrainingEndReason.Stopped"/>, with the timer as <see cref="TrainingEnd.StoppedBy"/>, and every callback's
/// end runs (best weights restored, files closed). The callback: <see cref="Callbacks.Timer{TLogs}"/>.
/// </summary>
/// <remarks>
/// The time counted is the run's, from train begin; with <see cref="BackupAndRestoreAttribute"/>, a resumed run
/// continues from the time its backup had counted, so an interrupted run does not get its budget back.
/// </remarks>
/// <example><code>[Timer("00:30:00")]</code></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class TimerAttribute : Attribute, ICallbackSettings
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="maxTime">The budget: <c>"hh:mm:ss"</c>, <c>"d.hh:mm:ss"</c>, or Lightning's <c>"dd:hh:mm:ss"</c>.</param>
    public TimerAttribute(string maxTime) => MaxTime = maxTime;

    /// <summary>The budget of training time, as written: <c>"00:30:00"</c> for half an hour, <c>"1.12:00:00"</c> or <c>"01:12:00:00"</c> for a day and a half.</summary>
    public string MaxTime { get; }

    /// <summary>When the time is checked: after every training batch (the default) or at epoch ends.</summary>
    public TimerInterval Interval { get; set; }

    /// <summary>Print when the budget is spent and training stops (default true, as in Lightning).</summary>
    public bool Verbose { get; set; } = true;

    /// <summary>The budget, or null when <see cref="MaxTime"/> cannot be read.</summary>
    internal TimeSpan? Budget => DurationText.Parse(MaxTime);

    IEnumerable<Setting?> ICallbackSettings.Settings()
    {
        var defaults = new TimerAttribute(MaxTime);
        yield return Setting.Positional(nameof(MaxTime), Budget?.ToString("c", CultureInfo.InvariantCulture) ?? MaxTime);
        yield return Setting.IfChanged(nameof(Interval), Interval, defaults.Interval);
        yield return Setting.IfChanged(nameof(Verbose), Verbose, defaults.Verbose);
    }

    IEnumerable<SettingProblem?> ICallbackSettings.Problems()
    {
        yield return SettingProblem.Unless(Budget is not null, nameof(MaxTime), MaxTime, "the budget is a duration: " + DurationText.Expected);
        yield return SettingProblem.Unless(Budget is null || Budget > TimeSpan.Zero, nameof(MaxTime), MaxTime, "the budget must be longer than zero");
        yield return SettingProblem.Unless(Interval is TimerInterval.Batch or TimerInterval.Epoch, nameof(Interval), Interval, "use TimerInterval.Batch or TimerInterval.Epoch");
    }
}
