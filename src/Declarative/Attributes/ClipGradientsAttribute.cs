// Shared by the runtime library and the source generator (linked into both), so it stays netstandard2.0-compatible.
#nullable enable

using System;
using System.Collections.Generic;

namespace Declarative;

/// <summary>
/// Clips the gradients after backward and before every optimizer step (Lightning's <c>gradient_clip_val</c>, Keras's
/// <c>clipnorm</c> and <c>clipvalue</c>): by their total norm (<see cref="MaxNorm"/>, as <c>nn.utils.clip_grad_norm_</c>)
/// or element by element (<see cref="MaxValue"/>, as <c>nn.utils.clip_grad_value_</c>), with the default training step or
/// one of the model's that returns its loss. With <see cref="LogNorm"/>, the logs get <c>grad_norm</c>, the epoch's mean
/// total norm before clipping.
/// </summary>
/// <example><code>[ClipGradients(MaxNorm = 1.0, LogNorm = true)]</code></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ClipGradientsAttribute : Attribute, ICallbackSettings
{
    /// <summary>Scale the gradients down when their total norm is above this (they keep their direction).</summary>
    public double MaxNorm { get; set; } = double.NaN;

    /// <summary>The norm <see cref="MaxNorm"/> measures: 2 (the default) for the Euclidean norm, <c>double.PositiveInfinity</c> for the largest magnitude.</summary>
    public double NormType { get; set; } = 2.0;

    /// <summary>Clamp every gradient element to [-MaxValue, MaxValue] instead.</summary>
    public double MaxValue { get; set; } = double.NaN;

    /// <summary>Add <c>grad_norm</c> to the logs: the epoch's mean of the gradients' total norm before clipping (a read from the device per step).</summary>
    public bool LogNorm { get; set; }

    /// <summary>Whether the gradients are clipped by their norm rather than by value.</summary>
    internal bool ByNorm => !double.IsNaN(MaxNorm);

    IEnumerable<Setting?> ICallbackSettings.Settings()
    {
        var defaults = new ClipGradientsAttribute();
        yield return Setting.IfChanged(nameof(MaxNorm), MaxNorm, defaults.MaxNorm);
        yield return Setting.IfChanged(nameof(NormType), NormType, defaults.NormType);
        yield return Setting.IfChanged(nameof(MaxValue), MaxValue, defaults.MaxValue);
        yield return Setting.IfChanged(nameof(LogNorm), LogNorm, defaults.LogNorm);
    }

    IEnumerable<SettingProblem?> ICallbackSettings.Problems()
    {
        var byNorm = !double.IsNaN(MaxNorm);
        var byValue = !double.IsNaN(MaxValue);
        yield return SettingProblem.Unless(byNorm != byValue, byNorm ? nameof(MaxValue) : nameof(MaxNorm), byNorm ? MaxValue : MaxNorm,
            "set MaxNorm to clip the gradients' total norm, or MaxValue to clip each element: one of the two");
        yield return SettingProblem.Unless(!byNorm || (MaxNorm > 0 && !double.IsInfinity(MaxNorm)), nameof(MaxNorm), MaxNorm, "the largest norm allowed is a finite number above 0");
        yield return SettingProblem.Unless(!byValue || (MaxValue > 0 && !double.IsInfinity(MaxValue)), nameof(MaxValue), MaxValue, "the largest magnitude allowed is a finite number above 0");
        yield return SettingProblem.Unless(NormType > 0, nameof(NormType), NormType, "a norm's order is above 0 (2 for the Euclidean norm, double.PositiveInfinity for the largest magnitude)");
    }
}
