// Shared by the runtime library and the source generator (linked into both), so it stays netstandard2.0-compatible.
#nullable enable

using System;
using System.Collections.Generic;

namespace Declarative;

/// <summary>
/// Stops training when a monitored metric has stopped improving (Keras's <c>EarlyStopping</c>), optionally
/// restoring the weights of the best epoch when training ends. The callback: <see cref="Callbacks.EarlyStopping{TLogs}"/>.
/// </summary>
/// <remarks>
/// Decisions follow Keras 3 exactly: patience is counted by incrementing before the test (so 0 behaves like 1),
/// an improvement of exactly <see cref="MinDelta"/> is not an improvement, an improving epoch never stops
/// training, and the best weights are restored at the end of training however it ended gracefully.
/// Where we differ: NaN is never an improvement (not even as the first value), values are compared in double,
/// the direction comes from the metric's declaration, and a misnamed monitor is a compile-time error.
/// From Lightning: <see cref="StoppingThreshold"/>, <see cref="DivergenceThreshold"/> and <see cref="CheckFinite"/>,
/// which stop at once; the callback says why it stopped (<see cref="Callbacks.EarlyStoppingReason"/>).
/// </remarks>
/// <example><code>[EarlyStopping(Monitor = "val_loss", Patience = 3, RestoreBestWeights = true)]</code></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class EarlyStoppingAttribute : MonitorAttribute, ICallbackSettings
{
    /// <summary>The smallest change that counts as an improvement; its absolute value is used. Default 0.</summary>
    public double MinDelta { get; set; }

    /// <summary>How many epochs without improvement to allow before stopping (0 behaves like 1, as in Keras). Default 0.</summary>
    public int Patience { get; set; }

    /// <summary>
    /// A value the metric must beat for the patience counter to be reset; <see cref="double.NaN"/> (the default) means none.
    /// As in Keras, the baseline never stops training while the metric keeps improving on its own best.
    /// </summary>
    public double Baseline { get; set; } = double.NaN;

    /// <summary>Restore the weights of the best epoch when training ends (also when it was not this callback that stopped it).</summary>
    public bool RestoreBestWeights { get; set; }

    /// <summary>The first (0-based, absolute) epoch that is monitored; earlier epochs are ignored entirely. Default 0.</summary>
    public int StartFromEpoch { get; set; }

    /// <summary>Print when training stops early and which epoch's weights are restored.</summary>
    public bool Verbose { get; set; }

    /// <summary>
    /// Stop at once when the monitored value is better than this (strictly: below it when smaller is better, above it
    /// when larger is), the goal of the run reached (Lightning's <c>stopping_threshold</c>); <see cref="double.NaN"/>
    /// (the default) means none.
    /// </summary>
    public double StoppingThreshold { get; set; } = double.NaN;

    /// <summary>
    /// Stop at once when the monitored value is worse than this (strictly: above it when smaller is better, below it
    /// when larger is), the run having diverged (Lightning's <c>divergence_threshold</c>); <see cref="double.NaN"/> (the
    /// default) means none.
    /// </summary>
    public double DivergenceThreshold { get; set; } = double.NaN;

    /// <summary>
    /// Stop at once when the monitored value is NaN or infinite (Lightning's <c>check_finite</c>). Default false, as in
    /// Keras, where such a value only fails to improve and patience runs on.
    /// </summary>
    public bool CheckFinite { get; set; }

    IEnumerable<Setting?> ICallbackSettings.Settings()
    {
        var defaults = new EarlyStoppingAttribute();
        yield return Setting.Named(nameof(Monitor), Monitor);
        yield return Setting.IfChanged(nameof(Mode), Mode, defaults.Mode);
        yield return Setting.IfChanged(nameof(MinDelta), MinDelta, defaults.MinDelta);
        yield return Setting.IfChanged(nameof(Patience), Patience, defaults.Patience);
        yield return Setting.IfChanged(nameof(Baseline), Baseline, defaults.Baseline);
        yield return Setting.IfChanged(nameof(RestoreBestWeights), RestoreBestWeights, defaults.RestoreBestWeights);
        yield return Setting.IfChanged(nameof(StartFromEpoch), StartFromEpoch, defaults.StartFromEpoch);
        yield return Setting.IfChanged(nameof(Verbose), Verbose, defaults.Verbose);
        yield return Setting.IfChanged(nameof(StoppingThreshold), StoppingThreshold, defaults.StoppingThreshold);
        yield return Setting.IfChanged(nameof(DivergenceThreshold), DivergenceThreshold, defaults.DivergenceThreshold);
        yield return Setting.IfChanged(nameof(CheckFinite), CheckFinite, defaults.CheckFinite);
    }

    IEnumerable<SettingProblem?> ICallbackSettings.Problems()
    {
        yield return SettingProblem.Unless(Patience >= 0, nameof(Patience), Patience, "patience counts epochs and cannot be negative");
        yield return SettingProblem.Unless(StartFromEpoch >= 0, nameof(StartFromEpoch), StartFromEpoch, "it is a 0-based epoch and cannot be negative");
        yield return SettingProblem.Unless(SettingProblem.IsFinite(MinDelta), nameof(MinDelta), MinDelta, "it must be a finite number");
        yield return SettingProblem.Unless(!double.IsInfinity(Baseline), nameof(Baseline), Baseline, "it must be a finite number (or NaN for none)");
        yield return SettingProblem.Unless(!double.IsInfinity(StoppingThreshold), nameof(StoppingThreshold), StoppingThreshold, "it must be a finite number (or NaN for none)");
        yield return SettingProblem.Unless(!double.IsInfinity(DivergenceThreshold), nameof(DivergenceThreshold), DivergenceThreshold, "it must be a finite number (or NaN for none)");
    }

    /// <summary>
    /// The rule between the two thresholds, once the direction is known (from <c>Mode</c>, or from the metric at compile
    /// time): the run must reach its goal before it diverges, so the stopping threshold must be better than the divergence one.
    /// </summary>
    internal SettingProblem? ThresholdOrder(MetricDirection direction)
    {
        if (double.IsNaN(StoppingThreshold) || double.IsNaN(DivergenceThreshold) || direction == MetricDirection.Unknown) return null;
        var smaller = direction == MetricDirection.Minimize;
        return SettingProblem.Unless(
            smaller ? StoppingThreshold < DivergenceThreshold : StoppingThreshold > DivergenceThreshold,
            nameof(DivergenceThreshold),
            DivergenceThreshold,
            $"{(smaller ? "smaller" : "larger")} values of {Monitor} are better, so the divergence threshold must be {(smaller ? "above" : "below")} the stopping threshold ({SettingsText.Literal(StoppingThreshold)})");
    }
}
