namespace Declarative.Tests.Training;

/// <summary>
/// The learning-rate finder's decisions, driven with numbers and no model: the rates of the sweep, the smoothing of the
/// loss, the early stop, the suggestion on a curve of known shape, and the settings refused.
/// </summary>
public class LearningRateSweepTests
{
    private static LearningRateSweep Sweep(double min = 1e-4, double max = 1, int steps = 5, double? threshold = 4.0) =>
        new(new LearningRateFinderOptions { MinLearningRate = min, MaxLearningRate = max, Steps = steps, EarlyStopThreshold = threshold });

    [Fact]
    public void The_rates_rise_exponentially_from_the_least_to_exactly_the_greatest()
    {
        var sweep = Sweep(min: 1e-4, max: 1, steps: 5);

        var rates = Enumerable.Range(0, 5).Select(sweep.RateAt).ToArray();

        Assert.Equal(1e-4, rates[0]);
        Assert.Equal(1.0, rates[^1]);
        double[] expected = [1e-4, 1e-3, 1e-2, 1e-1, 1];
        Assert.All(rates.Zip(expected), pair => Assert.Equal(pair.Second, pair.First, 1e-15 * pair.Second));
        Assert.Throws<ArgumentOutOfRangeException>(() => sweep.RateAt(5));
    }

    [Fact]
    public void Each_step_trains_at_the_next_rate_until_every_step_is_taken()
    {
        var sweep = Sweep(min: 1e-3, max: 1e-1, steps: 3, threshold: null);
        var rates = new List<double>();

        while (!sweep.IsComplete)
        {
            rates.Add(sweep.Rate);
            sweep.Add(1.0);
        }

        Assert.Equal([1e-3, 1e-2, 1e-1], rates, (a, b) => Math.Abs(a - b) <= 1e-17);
        Assert.Equal(rates, sweep.Result().Rates);
        Assert.False(sweep.StoppedEarly);
        Assert.Throws<InvalidOperationException>(() => sweep.Rate);
        Assert.Throws<InvalidOperationException>(() => sweep.Add(1.0));
    }

    [Fact]
    public void The_loss_is_smoothed_by_a_bias_corrected_moving_average_whose_first_value_is_the_first_loss()
    {
        var sweep = Sweep(steps: 5, threshold: null);

        foreach (var loss in new[] { 1.0, 2.0, 3.0 }) sweep.Add(loss);

        // avg = 0.98 avg + 0.02 loss: 0.02, then 0.0596, then 0.118408; divided by 1 - 0.98^(i + 1): 0.02, 0.0396, 0.058808.
        var result = sweep.Result();
        Assert.Equal([1.0, 2.0, 3.0], result.Losses);
        Assert.Equal(1.0, result.SmoothedLosses[0], 1e-12);
        Assert.Equal(0.0596 / 0.0396, result.SmoothedLosses[1], 1e-12);
        Assert.Equal(0.118408 / 0.058808, result.SmoothedLosses[2], 1e-12);
    }

    [Fact]
    public void The_sweep_stops_after_the_first_step_whose_smoothed_loss_exceeds_the_threshold_times_the_best()
    {
        var sweep = Sweep(steps: 100, threshold: 4.0);
        for (var i = 0; i < 20; i++) Assert.True(sweep.Add(1.0));

        // Losses of 3.9 lift the smoothed loss towards 3.9, never past 4 times the best (1).
        for (var i = 0; i < 50; i++) Assert.True(sweep.Add(3.9));
        Assert.InRange(sweep.Result().SmoothedLosses[^1], 3.0, 4.0);

        // One of 100 lifts it past 4 at once: the sweep stops, with that step on the curve.
        Assert.False(sweep.Add(100.0));
        var result = sweep.Result();
        Assert.True(result.StoppedEarly);
        Assert.True(sweep.IsComplete);
        Assert.Equal(71, result.Rates.Count);
        Assert.True(result.SmoothedLosses[^1] > 4.0);
    }

    [Fact]
    public void A_loss_that_is_not_a_number_stops_the_sweep()
    {
        var sweep = Sweep(steps: 100, threshold: 4.0);
        sweep.Add(1.0);

        Assert.False(sweep.Add(double.NaN));
        Assert.True(sweep.StoppedEarly);
        Assert.Equal(2, sweep.Count);
    }

    [Fact]
    public void Without_a_threshold_every_step_is_taken_whatever_the_loss()
    {
        var sweep = Sweep(steps: 5, threshold: null);

        foreach (var loss in new[] { 1.0, 1e6, double.NaN, 1e9, 1.0 }) sweep.Add(loss);

        Assert.True(sweep.IsComplete);
        Assert.False(sweep.StoppedEarly);
        Assert.Equal(5, sweep.Count);
    }

    [Fact]
    public void A_negative_loss_stops_only_once_it_rises_by_the_threshold_less_one_times_its_size()
    {
        // Best -2: a threshold of 1.5 allows a rise of 1 (to -1); Lightning's threshold × best (-3) would stop at once.
        var sweep = Sweep(steps: 100, threshold: 1.5);
        sweep.Add(-2.0);
        for (var i = 0; i < 5; i++) Assert.True(sweep.Add(-1.95));

        while (sweep.Add(0.0))
        {
        }

        Assert.True(sweep.StoppedEarly);
        Assert.True(sweep.Result().SmoothedLosses[^1] > -1.0);
        Assert.True(sweep.Result().SmoothedLosses[^2] <= -1.0);
    }

    // Written as constants, these settings would not compile (DCB0047); passed in, the sweep refuses them.
    [Theory]
    [InlineData(0.0, 1.0, 100, 4.0, "MinLearningRate = 0 is out of range")]
    [InlineData(-1e-3, 1.0, 100, 4.0, "MinLearningRate = -0.001 is out of range")]
    [InlineData(double.NaN, 1.0, 100, 4.0, "MinLearningRate = double.NaN")]
    [InlineData(0.1, 0.1, 100, 4.0, "MaxLearningRate = 0.1 is out of range: the sweep rises from MinLearningRate (0.1) to it")]
    [InlineData(1.0, 0.1, 100, 4.0, "MaxLearningRate = 0.1 is out of range")]
    [InlineData(1e-8, double.PositiveInfinity, 100, 4.0, "MaxLearningRate = double.PositiveInfinity")]
    [InlineData(1e-8, 1.0, 1, 4.0, "Steps = 1 is out of range: the sweep tries one rate per optimizer step, from the least to the greatest, so it needs at least 2")]
    [InlineData(1e-8, 1.0, 100, 0.5, "EarlyStopThreshold = 0.5 is out of range")]
    public void Settings_out_of_range_are_refused_saying_which_and_why(double min, double max, int steps, double? threshold, string message)
    {
        var refused = Assert.Throws<ArgumentOutOfRangeException>(() => Sweep(min, max, steps, threshold));

        Assert.Contains(message, refused.Message, StringComparison.Ordinal);
    }

    // A curve of 30 points from 1e-5 to 1e-1, the given smoothed losses.
    private static LearningRateFinderResult Curve(double[] smoothed)
    {
        var rates = Enumerable.Range(0, smoothed.Length).Select(i => 1e-5 * Math.Pow(1e4, i / (smoothed.Length - 1.0))).ToArray();
        return new LearningRateFinderResult(rates, smoothed, smoothed, stoppedEarly: false);
    }

    // Flat at 1, then a fall steepest between points 15 and 17, then flat again: the centred slope is least at 16.
    private static double[] Falling() =>
        Enumerable.Range(0, 30).Select(i => i switch { <= 14 => 1.0, 15 => 0.9, 16 => 0.6, 17 => 0.2, 18 => 0.15, _ => 0.14 }).ToArray();

    [Fact]
    public void The_suggestion_is_the_rate_where_the_smoothed_loss_falls_fastest()
    {
        var result = Curve(Falling());

        Assert.Equal(16, result.SuggestionIndex);
        Assert.Equal(result.Rates[16], result.Suggestion);
    }

    [Fact]
    public void The_first_ten_points_and_the_last_are_skipped_unless_asked_otherwise()
    {
        var losses = Falling();
        losses[3] = -5;   // a steeper fall among the first ten points
        losses[^1] = -5;  // and at the very end

        var result = Curve(losses);

        Assert.Equal(result.Rates[16], result.Suggestion);
        Assert.Equal(result.Rates[2], result.Suggest(skipBegin: 0, skipEnd: 1));
        Assert.Equal(result.Rates[^1], result.Suggest(skipBegin: 10, skipEnd: 0));
    }

    [Fact]
    public void Points_whose_loss_is_not_finite_are_left_out_of_the_suggestion()
    {
        var losses = Falling();
        losses[16] = double.NaN;

        // Without point 16, 15 and 17 have a neighbour two steps away: the slope at 15 is (0.2 − 4 · 1 + 3 · 0.9) / 6 =
        // −0.18 per step, at 17 (4 · 0.15 − 0.9 − 3 · 0.2) / 6 = −0.15.
        var result = Curve(losses);

        Assert.Equal(15, result.SuggestionIndex);
    }

    [Fact]
    public void Fewer_than_two_points_left_give_no_suggestion_and_nothing_to_apply()
    {
        var result = Curve(Falling().Take(12).ToArray());

        Assert.Null(result.Suggestion);
        Assert.Null(result.SuggestionIndex);
        using var optimizer = TorchSharp.torch.optim.SGD([new TorchSharp.Modules.Parameter(TorchSharp.torch.zeros(1))], 0.1);
        var refused = Assert.Throws<InvalidOperationException>(() => result.ApplySuggestion(optimizer));
        Assert.Contains("no suggested rate", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_slope_is_torch_gradients_second_order_differences_exact_for_a_parabola_on_uneven_points()
    {
        double[] x = [0, 0.5, 2, 2.25, 4];
        var y = x.Select(v => v * v).ToArray();

        var slopes = LearningRateFinderResult.Gradient(x, y);

        // Inside, the slope of x² is 2x exactly; at the ends, the one-sided difference: x0 + x1 and x3 + x4.
        Assert.Equal([0.5, 1.0, 4.0, 4.5, 6.25], slopes, (a, b) => Math.Abs(a - b) < 1e-12);
    }
}
