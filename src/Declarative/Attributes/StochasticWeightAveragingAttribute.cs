// Shared by the runtime library and the source generator (linked into both), so it stays netstandard2.0-compatible.
#nullable enable

using System;
using System.Collections.Generic;

namespace Declarative;

/// <summary>How <see cref="StochasticWeightAveragingAttribute"/> anneals the learning rate to its own (PyTorch's <c>SWALR</c> strategies).</summary>
public enum AnnealingStrategy
{
    /// <summary>Along half a cosine (<c>"cos"</c>): slowly, then fast, then slowly.</summary>
    Cosine,

    /// <summary>In equal steps (<c>"linear"</c>).</summary>
    Linear,
}

/// <summary>
/// Stochastic weight averaging (Lightning's <c>StochasticWeightAveraging</c>, PyTorch's <c>swa_utils</c>): from
/// <see cref="StartEpoch"/> on, the learning rate goes from the rate the epoch began with to <see cref="LearningRate"/>
/// over <see cref="AnnealingEpochs"/> epochs and stays there, and the weights at the end of each of those epochs join an
/// equal average of the model's parameters. At the end of training the model takes the average, and its batch-norm
/// statistics are recomputed over one epoch of the training data. The callback: <see cref="Callbacks.StochasticWeightAveraging"/>.
/// </summary>
/// <remarks>
/// It sets the learning rate from its start epoch, so it is a learning-rate setter (DCB0017): a LearningRateScheduler or
/// ReduceLROnPlateau may set the rate of the epochs before it, as Lightning swaps the scheduler for SWA's at the start
/// epoch. Validation measures the model's own weights, as in Lightning (the average has no batch-norm statistics of its
/// own until the end).
/// </remarks>
/// <example><code>[StochasticWeightAveraging(0.01, 15, AnnealingEpochs = 5)]</code></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class StochasticWeightAveragingAttribute : Attribute, ICallbackSettings
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="learningRate">The learning rate of the averaging epochs (Lightning's <c>swa_lrs</c>), for every parameter group.</param>
    /// <param name="startEpoch">The first (0-based, absolute) epoch that is averaged and whose rate is annealed.</param>
    public StochasticWeightAveragingAttribute(double learningRate, int startEpoch)
    {
        LearningRate = learningRate;
        StartEpoch = startEpoch;
    }

    /// <summary>The learning rate of the averaging epochs, for every parameter group of every optimizer.</summary>
    public double LearningRate { get; }

    /// <summary>The first (0-based, absolute) epoch that is averaged and whose rate is annealed.</summary>
    public int StartEpoch { get; }

    /// <summary>The epochs the rate takes to reach <see cref="LearningRate"/> (0: at once). Default 10, as Lightning's.</summary>
    public int AnnealingEpochs { get; set; } = 10;

    /// <summary>How the rate goes there. Default <see cref="AnnealingStrategy.Cosine"/>, as Lightning's.</summary>
    public AnnealingStrategy AnnealingStrategy { get; set; } = AnnealingStrategy.Cosine;

    IEnumerable<Setting?> ICallbackSettings.Settings()
    {
        var defaults = new StochasticWeightAveragingAttribute(LearningRate, StartEpoch);
        yield return Setting.Positional(nameof(LearningRate), LearningRate);
        yield return Setting.Positional(nameof(StartEpoch), StartEpoch);
        yield return Setting.IfChanged(nameof(AnnealingEpochs), AnnealingEpochs, defaults.AnnealingEpochs);
        yield return Setting.IfChanged(nameof(AnnealingStrategy), AnnealingStrategy, defaults.AnnealingStrategy);
    }

    IEnumerable<SettingProblem?> ICallbackSettings.Problems()
    {
        yield return SettingProblem.Unless(LearningRate > 0 && SettingProblem.IsFinite(LearningRate), nameof(LearningRate), LearningRate, "a learning rate to average with is a finite number > 0");
        yield return SettingProblem.Unless(StartEpoch >= 0, nameof(StartEpoch), StartEpoch, "it is a 0-based epoch and cannot be negative");
        yield return SettingProblem.Unless(AnnealingEpochs >= 0, nameof(AnnealingEpochs), AnnealingEpochs, "it counts epochs and cannot be negative");
        yield return SettingProblem.Unless(AnnealingStrategy is AnnealingStrategy.Cosine or AnnealingStrategy.Linear, nameof(AnnealingStrategy), AnnealingStrategy, "use AnnealingStrategy.Cosine or AnnealingStrategy.Linear");
    }
}
