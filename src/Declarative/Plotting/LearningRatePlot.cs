using System;
using System.Globalization;
using System.Linq;
using ScottPlot;

namespace Declarative.Plotting;

/// <summary>
/// Draws a learning-rate sweep as one PNG with ScottPlot, as Lightning's <c>plot(suggest=True)</c>: the smoothed loss
/// against the rate on a log scale, the raw losses faint behind it, and the suggested rate marked with a red point.
/// The loss axis spans the smoothed curve, so a raw loss that blew up as the sweep diverged does not flatten it.
/// </summary>
public static class LearningRatePlot
{
    /// <summary>Saves the plot as a PNG (atomically, creating the folder when missing).</summary>
    /// <param name="result">The sweep to draw; it needs at least one step.</param>
    /// <param name="path">The PNG file.</param>
    /// <param name="width">The image width in pixels.</param>
    /// <param name="height">The image height in pixels.</param>
    /// <returns>The image's size in pixels.</returns>
    public static (int Width, int Height) Save(LearningRateFinderResult result, string path, int width = 900, int height = 500)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(path);
        if (result.Rates.Count == 0) throw new InvalidOperationException("The sweep has no step to plot.");
        if (width < 100 || height < 100) throw new ArgumentOutOfRangeException(nameof(width), "The image needs at least 100 × 100 pixels.");

        using var plot = Draw(result);
        return PlotImage.SavePng(path, width, height, [plot]);
    }

    private static Plot Draw(LearningRateFinderResult result)
    {
        var plot = new Plot();
        var x = result.Rates.Select(Math.Log10).ToArray();

        var (rawX, rawY) = Finite(x, result.Losses);
        var raw = plot.Add.Scatter(rawX, rawY);
        raw.LegendText = "loss";
        raw.LineWidth = 1;
        raw.MarkerSize = 0;
        raw.Color = Colors.Gray.WithAlpha(0.5);

        var (smoothedX, smoothedY) = Finite(x, result.SmoothedLosses);
        var smoothed = plot.Add.Scatter(smoothedX, smoothedY);
        smoothed.LegendText = "loss (smoothed)";
        smoothed.LineWidth = 2;
        smoothed.MarkerSize = 0;
        smoothed.Color = Colors.C0;

        if (result.SuggestionIndex is { } index)
        {
            var marker = plot.Add.Marker(x[index], result.SmoothedLosses[index], MarkerShape.FilledCircle, 12, Colors.Red);
            marker.LegendText = "suggestion: " + result.Rates[index].ToString("0.##e+00", CultureInfo.InvariantCulture);
        }

        // A tick at each power of ten when the sweep spans a few of them; in between, at round logarithms, still labelled as rates.
        plot.Axes.Bottom.TickGenerator = PlotImage.LogTicks(powersOfTenOnly: x[^1] - x[0] >= 2);
        plot.Axes.SetLimitsX(x[^1] > x[0] ? x[0] : x[0] - 0.5, x[^1] > x[0] ? x[^1] : x[0] + 0.5);
        if (smoothedY.Length > 0)
        {
            var (low, high) = (smoothedY.Min(), smoothedY.Max());
            var margin = high > low ? (high - low) * 0.1 : Math.Max(Math.Abs(high) * 0.1, 1e-3);
            plot.Axes.SetLimitsY(low - margin, high + margin);
        }

        plot.Layout.Fixed(PlotImage.Margins);
        plot.Title(result.StoppedEarly ? "learning-rate finder (stopped early: the loss diverged)" : "learning-rate finder");
        plot.XLabel("learning rate (log scale)");
        plot.ShowLegend(HistoryPlot.EmptiestCorner(smoothedX.Zip(smoothedY).ToList()));
        return plot;
    }

    // NaN and infinite losses (a diverged step) cannot be drawn; they leave a gap.
    private static (double[] X, double[] Y) Finite(double[] x, System.Collections.Generic.IReadOnlyList<double> y)
    {
        var points = x.Zip(y).Where(p => double.IsFinite(p.Second)).ToArray();
        return (points.Select(p => p.First).ToArray(), points.Select(p => p.Second).ToArray());
    }
}
