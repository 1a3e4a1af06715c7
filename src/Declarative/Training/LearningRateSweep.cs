using System;
using System.Collections.Generic;
using System.Linq;

namespace Declarative;

/// <summary>
/// The decisions of a learning-rate range test (Lightning's <c>lr_find</c>, after Smith's 2015 paper), with no model: the
/// rate of each step, rising exponentially from the least rate to the greatest; each step's loss, smoothed; and when to
/// stop early because the loss diverges. A model's <c>FindLearningRate</c> drives one; a loop of your own can too: set
/// <see cref="Rate"/> on the optimizer, train one step, <see cref="Add"/> its loss, until <see cref="IsComplete"/>; then
/// <see cref="Result"/>.
/// </summary>
/// <remarks>
/// <para>Step <c>i</c> of <c>n</c> trains at <c>min · (max / min)^(i / (n − 1))</c>: the first at the least rate, the last at
/// the greatest, evenly spaced on a log scale. (Lightning's scheduler skips the second rung, making the first step twice
/// as wide as the others: Lightning PR #21931.)</para>
/// <para>The loss is smoothed as Lightning does, by an exponential moving average with β = 0.98, bias-corrected: after
/// step <c>i</c>, <c>avg = β·avg + (1 − β)·loss</c> and <c>smoothed = avg / (1 − β^(i + 1))</c>, so the first smoothed
/// value is the first loss. (Lightning divides by <c>1 − β^(i + 2)</c>, as its step counter has already moved on,
/// which halves its first values.)</para>
/// <para>With a threshold, the sweep stops after a step whose smoothed loss is not finite, or exceeds the best smoothed
/// loss so far by more than <c>threshold − 1</c> times its size (<c>threshold × best</c> for a positive loss, as in
/// Lightning, which misses a NaN loss, and stops at once on a negative one).</para>
/// </remarks>
public sealed class LearningRateSweep
{
    /// <summary>The weight the moving average gives the losses before each step (Lightning's <c>beta</c>).</summary>
    public const double Smoothing = 0.98;

    private readonly double _min;
    private readonly double _max;
    private readonly int _steps;
    private readonly double? _threshold;
    private readonly List<double> _rates = [];
    private readonly List<double> _losses = [];
    private readonly List<double> _smoothed = [];
    private double _average;
    private double _best;

    /// <summary>Starts a sweep with the settings of <paramref name="options"/> (its range, steps and threshold).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range; the message says which and why.</exception>
    public LearningRateSweep(LearningRateFinderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Check();
        _min = options.MinLearningRate;
        _max = options.MaxLearningRate;
        _steps = options.Steps;
        _threshold = options.EarlyStopThreshold;
    }

    /// <summary>The steps the sweep takes unless it stops early.</summary>
    public int Steps => _steps;

    /// <summary>The steps whose loss was added.</summary>
    public int Count => _losses.Count;

    /// <summary>The rate to train the next step at.</summary>
    /// <exception cref="InvalidOperationException">The sweep is complete.</exception>
    public double Rate => IsComplete ? throw new InvalidOperationException("The sweep is complete; it has no next rate.") : RateAt(Count);

    /// <summary>The rate of the last step added (for the progress display).</summary>
    internal double LastRate => _rates[^1];

    /// <summary>The smoothed loss of the last step added.</summary>
    internal double LastSmoothedLoss => _smoothed[^1];

    /// <summary>Whether the sweep stopped because the loss diverged.</summary>
    public bool StoppedEarly { get; private set; }

    /// <summary>Whether the sweep is over: every step taken, or stopped early.</summary>
    public bool IsComplete => StoppedEarly || Count == _steps;

    /// <summary>The rate of step <paramref name="step"/> (0-based): <c>min · (max / min)^(step / (steps − 1))</c>, the last exactly the greatest rate.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The sweep has no such step.</exception>
    public double RateAt(int step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(step, _steps);
        return step == _steps - 1 ? _max : _min * Math.Pow(_max / _min, (double)step / (_steps - 1));
    }

    /// <summary>Adds the loss of the step trained at <see cref="Rate"/>; returns whether the sweep goes on.</summary>
    /// <exception cref="InvalidOperationException">The sweep is complete.</exception>
    public bool Add(double loss)
    {
        var rate = Rate;
        var step = Count;
        _average = Smoothing * _average + (1 - Smoothing) * loss;
        var smoothed = _average / (1 - Math.Pow(Smoothing, step + 1));
        _rates.Add(rate);
        _losses.Add(loss);
        _smoothed.Add(smoothed);
        if (step == 0) _best = smoothed;
        if (_threshold is { } threshold && (!double.IsFinite(smoothed) || smoothed > _best + (threshold - 1) * Math.Abs(_best))) StoppedEarly = true;
        if (smoothed < _best) _best = smoothed;
        return !IsComplete;
    }

    /// <summary>The curve so far (the whole sweep, once complete), with its suggested rate.</summary>
    public LearningRateFinderResult Result() => new(_rates.ToArray(), _losses.ToArray(), _smoothed.ToArray(), StoppedEarly);
}
