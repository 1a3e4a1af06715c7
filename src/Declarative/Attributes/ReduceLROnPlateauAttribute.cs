// Shared by the runtime library and the source generator (linked into both), so it stays netstandard2.0-compatible.
#nullable enable

using System;
using System.Collections.Generic;

namespace Declarative;

/// <summary>
/// Reduces the learning rate when a metric has stopped improving (Keras's <c>ReduceLROnPlateau</c>): after
/// <see cref="Patience"/> epochs without improvement the rate becomes <c>max(rate × Factor, MinLearningRate)</c>,
/// then <see cref="Cooldown"/> epochs pass before counting again. The callback: <see cref="Callbacks.ReduceLROnPlateau{TLogs}"/>.
/// </summary>
/// <remarks>Keras's defaults, including <c>MinDelta = 1e-4</c> (EarlyStopping's is 0). Cannot be combined with a LearningRateScheduler.</remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ReduceLROnPlateauAttribute : MonitorAttribute, ICallbackSettings
{
    /// <summary>The factor the rate is multiplied by, between 0 and 1. Default 0.1.</summary>
    public double Factor { get; set; } = 0.1;

    /// <summary>Epochs without improvement before a reduction (0 behaves like 1). Default 10.</summary>
    public int Patience { get; set; } = 10;

    /// <summary>The smallest change that counts as an improvement (absolute value used). Default 1e-4.</summary>
    public double MinDelta { get; set; } = 1e-4;

    /// <summary>Epochs after a reduction during which non-improvement is ignored. Default 0.</summary>
    public int Cooldown { get; set; }

    /// <summary>The lowest learning rate. Default 0.</summary>
    public double MinLearningRate { get; set; }

    /// <summary>Print each reduction.</summary>
    public bool Verbose { get; set; }

    /// <summary>
    /// The optimizer whose learning rate it sets, by the name its model's training step takes it under (a step that
    /// optimizes by hand, with several); unset, every optimizer Fit gets.
    /// </summary>
    public string? Optimizer { get; set; }

    IEnumerable<Setting?> ICallbackSettings.Settings()
    {
        var defaults = new ReduceLROnPlateauAttribute();
        yield return Setting.Named(nameof(Monitor), Monitor);
        yield return Setting.IfChanged(nameof(Mode), Mode, defaults.Mode);
        yield return Setting.IfChanged(nameof(Factor), Factor, defaults.Factor);
        yield return Setting.IfChanged(nameof(Patience), Patience, defaults.Patience);
        yield return Setting.IfChanged(nameof(MinDelta), MinDelta, defaults.MinDelta);
        yield return Setting.IfChanged(nameof(Cooldown), Cooldown, defaults.Cooldown);
        yield return Setting.IfChanged(nameof(MinLearningRate), MinLearningRate, defaults.MinLearningRate);
        yield return Setting.IfChanged(nameof(Verbose), Verbose, defaults.Verbose);
        yield return Setting.IfChanged(nameof(Optimizer), Optimizer, defaults.Optimizer);
    }

    IEnumerable<SettingProblem?> ICallbackSettings.Problems()
    {
        yield return SettingProblem.Unless(Factor > 0 && Factor < 1, nameof(Factor), Factor, "the new rate is rate × Factor, so it must be between 0 and 1 (exclusive)");
        yield return SettingProblem.Unless(Patience >= 0, nameof(Patience), Patience, "patience counts epochs and cannot be negative");
        yield return SettingProblem.Unless(SettingProblem.IsFinite(MinDelta), nameof(MinDelta), MinDelta, "it must be a finite number");
        yield return SettingProblem.Unless(Cooldown >= 0, nameof(Cooldown), Cooldown, "it counts epochs and cannot be negative");
        yield return SettingProblem.Unless(MinLearningRate >= 0 && SettingProblem.IsFinite(MinLearningRate), nameof(MinLearningRate), MinLearningRate, "a learning rate is a finite number ≥ 0");
    }
}
