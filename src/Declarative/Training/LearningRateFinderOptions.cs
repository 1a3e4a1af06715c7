using System;
using System.IO;
using System.Linq;
using static TorchSharp.torch;

namespace Declarative;

/// <summary>
/// The settings of a model's <c>FindLearningRate</c> (Lightning's <c>Tuner.lr_find</c>): where the sweep of rates starts
/// and ends, how many optimizer steps it takes, when it stops early, and whether the suggested rate is set on the
/// optimizer afterwards. The defaults are Lightning's.
/// </summary>
/// <example><code>var found = model.FindLearningRate(train, optimizer, loss, new() { Steps = 50, Apply = true });</code></example>
public sealed record LearningRateFinderOptions
{
    /// <summary>The rate of the sweep's first step (Lightning's <c>min_lr</c>, 1e-8 by default); above 0.</summary>
    public double MinLearningRate { get; init; } = LearningRateFinderRules.DefaultMinLearningRate;

    /// <summary>The rate of the sweep's last step (Lightning's <c>max_lr</c>, 1 by default); above <see cref="MinLearningRate"/>.</summary>
    public double MaxLearningRate { get; init; } = LearningRateFinderRules.DefaultMaxLearningRate;

    /// <summary>
    /// The optimizer steps of the sweep, one rate each, spaced evenly on a log scale from <see cref="MinLearningRate"/>
    /// to <see cref="MaxLearningRate"/> (Lightning's <c>num_training</c>, 100 by default); at least 2. With
    /// <c>[AccumulateGradients]</c>, a step is a group of batches, as in Fit.
    /// </summary>
    public int Steps { get; init; } = LearningRateFinderRules.DefaultSteps;

    /// <summary>
    /// The sweep stops early once the smoothed loss exceeds this multiple of the best smoothed loss so far, or is not
    /// finite (Lightning's <c>early_stop_threshold</c>, 4 by default); at least 1. Null runs every step.
    /// </summary>
    public double? EarlyStopThreshold { get; init; } = LearningRateFinderRules.DefaultEarlyStopThreshold;

    /// <summary>
    /// Sets the suggested rate on every parameter group of the optimizer after the model and the optimizer are put back
    /// (Lightning's <c>update_attr</c>; false by default, so the call changes nothing unless asked). Without a
    /// suggestion, the optimizer keeps its rate.
    /// </summary>
    public bool Apply { get; init; }

    /// <summary>The device to move each batch to before its step (the model must be there already), or null to use batches where they are.</summary>
    public Device? Device { get; init; }

    /// <summary>What to print: a live bar in a terminal, one line at the end when redirected (Auto, the default), or nothing.</summary>
    public ProgressMode Progress { get; init; }

    /// <summary>Where the progress goes; the console when null.</summary>
    public TextWriter? Output { get; init; }

    /// <summary>Throws for the first setting out of its range (the rules DCB0047 applies to constant settings).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range; the message says which and why.</exception>
    internal void Check()
    {
        if (SettingsText.Present(LearningRateFinderRules.Problems(MinLearningRate, MaxLearningRate, Steps, EarlyStopThreshold)).FirstOrDefault() is { Setting: not null } problem)
            throw new ArgumentOutOfRangeException(problem.Setting, problem.Value, $"The learning-rate finder's {problem}.");
    }
}
