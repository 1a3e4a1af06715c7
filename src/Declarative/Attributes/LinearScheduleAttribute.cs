// Shared by the runtime library and the source generator (linked into both), so it stays netstandard2.0-compatible.
#nullable enable

using System;
using System.Collections.Generic;
using System.Linq;

namespace Declarative;

/// <summary>
/// Multiplies the learning rate by a factor that moves linearly from <see cref="StartFactor"/> to
/// <see cref="EndFactor"/> over <see cref="Steps"/> optimizer steps, then leaves the rate alone (PyTorch's
/// <c>LinearLR</c>, with its defaults): a warmup (<c>StartFactor = 0.01</c>) or a linear decay (<c>StartFactor = 1,
/// EndFactor = 0</c>). The callback: <see cref="Callbacks.LinearSchedule"/>.
/// </summary>
/// <remarks>
/// <para>The first step uses the optimizer's rate × <see cref="StartFactor"/>; after step <c>t</c> (1 ≤ t ≤ Steps), the rate
/// is multiplied by <c>factor(t) / factor(t − 1)</c>, where <c>factor(t) = StartFactor + (EndFactor − StartFactor) × t / Steps</c>:
/// PyTorch's chained form, which multiplies the rate it finds. A reduction another callback makes meanwhile is kept, so
/// it may share an optimizer with <see cref="ReduceLROnPlateauAttribute"/>, which multiplies too: a warmup before
/// ReduceLROnPlateau takes over is <c>[LinearSchedule(Steps = 500, StartFactor = 0.01)]</c> with
/// <c>[ReduceLROnPlateau(...)]</c>, and a reduction made during the warmup lowers the rate the warmup reaches.</para>
/// <para><see cref="Steps"/> unset, the factor moves over the whole run (its epochs × optimizer steps per epoch).</para>
/// </remarks>
/// <example><code>[LinearSchedule(Steps = 500, StartFactor = 0.01)]</code></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class LinearScheduleAttribute : ScheduleAttribute, ICallbackSettings
{
    /// <summary>Creates the attribute.</summary>
    public LinearScheduleAttribute()
        : base(ScheduleInterval.Step)
    {
    }

    /// <summary>The factor of the first step's rate, above 0 and at most 1. Default 1/3, as PyTorch's.</summary>
    public double StartFactor { get; set; } = 1.0 / 3;

    /// <summary>The factor reached after <see cref="Steps"/> steps, between 0 and 1. Default 1.</summary>
    public double EndFactor { get; set; } = 1.0;

    /// <summary>The steps over which the factor moves. Default 0: the run's.</summary>
    public int Steps { get; set; }

    IEnumerable<Setting?> ICallbackSettings.Settings()
    {
        var defaults = new LinearScheduleAttribute();
        return new[]
        {
            Setting.IfChanged(nameof(StartFactor), StartFactor, defaults.StartFactor),
            Setting.IfChanged(nameof(EndFactor), EndFactor, defaults.EndFactor),
            Setting.IfChanged(nameof(Steps), Steps, defaults.Steps),
        }.Concat(SharedSettings(ScheduleInterval.Step));
    }

    IEnumerable<SettingProblem?> ICallbackSettings.Problems()
    {
        yield return SettingProblem.Unless(StartFactor > 0 && StartFactor <= 1, nameof(StartFactor), StartFactor, "the rate is multiplied by the factors' ratios, so the first factor must be above 0 and at most 1");
        yield return SettingProblem.Unless(EndFactor >= 0 && EndFactor <= 1, nameof(EndFactor), EndFactor, "the last factor is between 0 and 1");
        yield return SettingProblem.Unless(Steps >= 0, nameof(Steps), Steps, "it counts steps and cannot be negative (0 for the run's)");
        foreach (var problem in SharedProblems()) yield return problem;
    }
}
