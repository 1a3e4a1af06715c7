using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch.optim;

namespace Declarative;

/// <summary>
/// What a learning-rate sweep found (Lightning's <c>_LRFinder</c>): the rate and the loss of each step, raw and smoothed,
/// whether the sweep stopped early, and the suggested rate: where the smoothed loss falls fastest.
/// </summary>
public sealed class LearningRateFinderResult
{
    /// <summary>The points Lightning's suggestion skips at the start of the curve (its <c>skip_begin</c>), where the loss has not begun to move.</summary>
    public const int DefaultSkipBegin = 10;

    /// <summary>The points Lightning's suggestion skips at the end of the curve (its <c>skip_end</c>), where the loss diverges.</summary>
    public const int DefaultSkipEnd = 1;

    internal LearningRateFinderResult(double[] rates, double[] losses, double[] smoothedLosses, bool stoppedEarly)
    {
        Rates = rates;
        Losses = losses;
        SmoothedLosses = smoothedLosses;
        StoppedEarly = stoppedEarly;
        SuggestionIndex = SuggestIndex(DefaultSkipBegin, DefaultSkipEnd);
    }

    /// <summary>The rate of each step taken, rising.</summary>
    public IReadOnlyList<double> Rates { get; }

    /// <summary>The loss of each step, as the step returned it (a group's mean with accumulated gradients).</summary>
    public IReadOnlyList<double> Losses { get; }

    /// <summary>The loss of each step smoothed by the moving average (see <see cref="LearningRateSweep"/>): the curve the suggestion reads and the plot draws.</summary>
    public IReadOnlyList<double> SmoothedLosses { get; }

    /// <summary>Whether the sweep stopped before its last step because the loss diverged (see <see cref="LearningRateFinderOptions.EarlyStopThreshold"/>).</summary>
    public bool StoppedEarly { get; }

    /// <summary>The step of the suggestion in <see cref="Rates"/>, or null without one.</summary>
    public int? SuggestionIndex { get; }

    /// <summary>
    /// The suggested rate (Lightning's <c>suggestion()</c>): the rate where the smoothed loss falls fastest, skipping the
    /// first 10 points and the last; null when fewer than 2 finite points remain (a sweep too short, or diverged at once).
    /// See <see cref="Suggest"/>.
    /// </summary>
    public double? Suggestion => SuggestionIndex is { } index ? Rates[index] : null;

    /// <summary>
    /// The rate where the smoothed loss falls fastest: the least slope of the smoothed loss against the logarithm of the
    /// rate (the curve as the plot draws it), computed as <c>torch.gradient</c> does (central differences inside, one-sided
    /// at the ends), over the points left after skipping <paramref name="skipBegin"/> first and <paramref name="skipEnd"/>
    /// last ones and those not finite. Null when fewer than 2 points are left.
    /// </summary>
    /// <remarks>
    /// Lightning takes the slope against the rate itself, which on an exponential sweep favours the smallest rates
    /// (issue #21141, PR #21171 takes it against the logarithm, as here); and its <c>skip_end = 0</c> skips every point.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative.</exception>
    public double? Suggest(int skipBegin = DefaultSkipBegin, int skipEnd = DefaultSkipEnd) =>
        SuggestIndex(skipBegin, skipEnd) is { } index ? Rates[index] : null;

    /// <summary>
    /// Sets the suggested rate on every parameter group of <paramref name="optimizer"/>, as its learning rate and its
    /// initial one (what a scheduler created after starts from): as if the optimizer had been created with it.
    /// </summary>
    /// <exception cref="InvalidOperationException">There is no suggestion, or the optimizer keeps no rate set on its parameter groups.</exception>
    public void ApplySuggestion(Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        if (Suggestion is not { } rate)
            throw new InvalidOperationException($"The sweep has no suggested rate: {Explain()}");
        var groups = optimizer.ParamGroups?.ToArray() ?? [];
        if (groups.Length == 0)
            throw new InvalidOperationException($"{optimizer.GetType().Name} has no parameter groups to set the rate on. Use an optimizer from torch.optim (Adam, SGD, ...).");
        foreach (var group in groups)
        {
            group.LearningRate = rate;
            group.InitialLearningRate = rate;
        }
    }

    /// <summary>
    /// Saves the curve as a PNG (atomically, creating the folder when missing), as Lightning's <c>plot(suggest=True)</c>:
    /// the smoothed loss against the rate on a log scale, the raw losses faint behind it, the suggestion marked. See
    /// <see cref="Plotting.LearningRatePlot"/>.
    /// </summary>
    /// <returns>The image's size in pixels.</returns>
    /// <exception cref="InvalidOperationException">The sweep has no step to draw.</exception>
    public (int Width, int Height) SavePlot(string path, int width = 900, int height = 500) =>
        Plotting.LearningRatePlot.Save(this, path, width, height);

    /// <summary>Why there is no suggestion, for messages.</summary>
    internal string Explain() =>
        $"it took {Rates.Count} steps, {SmoothedLosses.Count(double.IsFinite)} of them with a finite loss, and a suggestion needs 2 after the first {DefaultSkipBegin} and the last {DefaultSkipEnd}. " +
        (StoppedEarly ? "The loss diverged early: lower MinLearningRate or MaxLearningRate." : "Take more Steps.");

    private int? SuggestIndex(int skipBegin, int skipEnd)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skipBegin);
        ArgumentOutOfRangeException.ThrowIfNegative(skipEnd);
        var points = Enumerable.Range(skipBegin, Math.Max(0, Rates.Count - skipBegin - skipEnd))
            .Where(i => double.IsFinite(SmoothedLosses[i]))
            .ToArray();
        if (points.Length < 2) return null;
        var x = points.Select(i => Math.Log(Rates[i])).ToArray();
        var y = points.Select(i => SmoothedLosses[i]).ToArray();
        var slopes = Gradient(x, y);
        var steepest = 0;
        for (var i = 1; i < slopes.Length; i++)
        {
            if (slopes[i] < slopes[steepest]) steepest = i;
        }

        return points[steepest];
    }

    /// <summary>
    /// The slope of <paramref name="y"/> at each of the points <paramref name="x"/> (not evenly spaced once points are
    /// skipped), as <c>torch.gradient(y, spacing=[x])</c> computes it: second-order central differences inside, first-order
    /// differences at the two ends.
    /// </summary>
    internal static double[] Gradient(double[] x, double[] y)
    {
        var n = y.Length;
        var slopes = new double[n];
        slopes[0] = (y[1] - y[0]) / (x[1] - x[0]);
        slopes[n - 1] = (y[n - 1] - y[n - 2]) / (x[n - 1] - x[n - 2]);
        for (var i = 1; i < n - 1; i++)
        {
            var (left, right) = (x[i] - x[i - 1], x[i + 1] - x[i]);
            slopes[i] = (left * left * y[i + 1] - right * right * y[i - 1] + (right * right - left * left) * y[i]) / (left * right * (left + right));
        }

        return slopes;
    }
}
