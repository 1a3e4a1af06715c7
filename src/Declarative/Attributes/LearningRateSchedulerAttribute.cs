// Shared by the runtime library and the source generator (linked into both), so it stays netstandard2.0-compatible.
#nullable enable

using System;
using System.Collections.Generic;

namespace Declarative;

/// <summary>
/// Sets the learning rate at the beginning of every epoch from a static method of the model
/// (Keras's <c>LearningRateScheduler</c>). The callback: <see cref="Callbacks.LearningRateScheduler"/>.
/// </summary>
/// <remarks>
/// The method is <c>static double Schedule(int epoch, double learningRate)</c> or <c>static double Schedule(int epoch)</c>;
/// <c>epoch</c> is the 0-based absolute epoch and <c>learningRate</c> the rate currently in the optimizer.
/// It is called with exactly the signature the compiler saw (no catch-and-retry as in Keras). The rate is set on every
/// parameter group of the optimizer, each group's own current rate passed in. TorchSharp keeps learning rates as
/// doubles, so values differ from Keras's (which rounds to float32) in the last digits.
/// </remarks>
/// <example><code>[LearningRateScheduler(nameof(Schedule))]</code></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class LearningRateSchedulerAttribute : Attribute, ICallbackSettings
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="scheduleMethod">The name of a static method of the model; use <c>nameof</c>.</param>
    public LearningRateSchedulerAttribute(string scheduleMethod) => ScheduleMethod = scheduleMethod;

    /// <summary>The name of the static schedule method.</summary>
    public string ScheduleMethod { get; }

    /// <summary>Print the learning rate set at each epoch.</summary>
    public bool Verbose { get; set; }

    /// <summary>
    /// The optimizer whose learning rate it sets, by the name its model's training step takes it under (a step that
    /// optimizes by hand, with several); unset, every optimizer Fit gets.
    /// </summary>
    public string? Optimizer { get; set; }

    IEnumerable<Setting?> ICallbackSettings.Settings()
    {
        yield return Setting.Positional(nameof(ScheduleMethod), ScheduleMethod, SettingForm.NameOf);
        yield return Setting.IfChanged(nameof(Verbose), Verbose, false);
        yield return Setting.IfChanged(nameof(Optimizer), Optimizer, null);
    }

    IEnumerable<SettingProblem?> ICallbackSettings.Problems()
    {
        yield break;
    }
}
