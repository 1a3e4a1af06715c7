using System;
using System.Collections.Generic;
using System.Linq;
using Declarative.Metrics;
using Declarative.Training;
using ScottPlot;

namespace Declarative.Plotting;

/// <summary>
/// Draws a History's curves as one PNG with ScottPlot: a panel per metric with its training and validation curves
/// (loss and val_loss together, accuracy and val_accuracy together, ...), and a panel for the learning rate (on a log
/// scale when it spans more than a decade). Every panel has the same margins, so their epoch axes line up; the best
/// epoch (when given) and the epoch a callback stopped training are marked on each; each legend goes in the corner
/// where it hides the fewest points.
/// </summary>
public static class HistoryPlot
{
    /// <summary>Saves the plot as a PNG (atomically, creating the folder when missing).</summary>
    /// <param name="history">The History to draw; it needs at least one epoch.</param>
    /// <param name="path">The PNG file.</param>
    /// <param name="width">The image width in pixels.</param>
    /// <param name="panelHeight">The height of each panel in pixels.</param>
    /// <param name="bestEpoch">The 0-based epoch to mark as the best (the one EarlyStopping restored, say), or null.</param>
    /// <returns>The image's size in pixels.</returns>
    public static (int Width, int Height) Save<TLogs>(History<TLogs> history, string path, int width = 900, int panelHeight = 280, int? bestEpoch = null)
        where TLogs : struct, ITrainingLogs<TLogs>
    {
        ArgumentNullException.ThrowIfNull(history);
        if (history.Count == 0) throw new InvalidOperationException("The History has no epoch to plot.");
        if (width < 100 || panelHeight < 100) throw new ArgumentOutOfRangeException(nameof(width), "The image needs at least 100 × 100 pixels per panel.");

        var panels = Panels(history).Select(panel => Draw(history, panel, bestEpoch)).ToList();
        try
        {
            return PlotImage.SavePng(path, width, panelHeight, panels);
        }
        finally
        {
            foreach (var plot in panels) plot.Dispose();
        }
    }

    /// <summary>A panel: its title, its curves (names in History), and whether its values are on a log scale.</summary>
    internal sealed record Panel(string Title, string[] Curves, bool LogScale);

    /// <summary>The epoch lines a panel shows: the best epoch and the epoch training stopped, 1-based as printed.</summary>
    internal sealed record Mark(double Epoch, string Label, bool IsBest);

    /// <summary>
    /// The panels of a History, in order: one per metric (with its validation twin), then one per value of the run (the
    /// learning rate), on a log scale when it spans more than a decade.
    /// </summary>
    internal static List<Panel> Panels<TLogs>(History<TLogs> history)
        where TLogs : struct, ITrainingLogs<TLogs>
    {
        bool SpansDecades(string name)
        {
            var values = history[name].Where(r => double.IsFinite(r) && r > 0).ToList();
            return values.Count > 0 && values.Max() / values.Min() > 10;
        }

        return TLogs.Metrics
            .Where(m => history.MetricNames.Contains(m.Name))
            .OrderBy(m => m.IsRunValue)
            .Select(m => m.IsRunValue
                ? new Panel(m.Name, [m.Name], SpansDecades(m.Name))
                : new Panel(m.Name, new[] { m.Name, MetricNames.Validation(m.Name) }.Where(history.MetricNames.Contains).ToArray(), LogScale: false))
            .ToList();
    }

    /// <summary>The marks: the best epoch when given, and the last epoch when a callback stopped training.</summary>
    internal static List<Mark> Marks<TLogs>(History<TLogs> history, int? bestEpoch)
        where TLogs : struct, ITrainingLogs<TLogs>
    {
        var marks = new List<Mark>();
        if (bestEpoch is { } best) marks.Add(new Mark(best + 1, $"best: epoch {best + 1}", IsBest: true));
        if (history.End is { Reason: TrainingEndReason.Stopped } end) marks.Add(new Mark(end.LastEpoch + 1, $"stopped: epoch {end.LastEpoch + 1}", IsBest: false));
        return marks;
    }

    /// <summary>The corner of the data area holding the fewest of the points (x and y scaled to 0..1 over their range).</summary>
    internal static Alignment EmptiestCorner(IReadOnlyList<(double X, double Y)> points)
    {
        if (points.Count == 0) return Alignment.UpperRight;
        var (minX, maxX, minY, maxY) = (points.Min(p => p.X), points.Max(p => p.X), points.Min(p => p.Y), points.Max(p => p.Y));
        double Scale(double v, double min, double max) => max > min ? (v - min) / (max - min) : 0.5;
        var scaled = points.Select(p => (X: Scale(p.X, minX, maxX), Y: Scale(p.Y, minY, maxY))).ToList();

        // A legend covers about a third of the width and of the height from its corner.
        int Count(bool right, bool upper) => scaled.Count(p => (right ? p.X >= 2 / 3.0 : p.X <= 1 / 3.0) && (upper ? p.Y >= 2 / 3.0 : p.Y <= 1 / 3.0));
        return new[] { (Alignment.UpperRight, Count(true, true)), (Alignment.UpperLeft, Count(false, true)), (Alignment.LowerRight, Count(true, false)), (Alignment.LowerLeft, Count(false, false)) }
            .OrderBy(c => c.Item2).First().Item1;
    }

    private static Plot Draw<TLogs>(History<TLogs> history, Panel panel, int? bestEpoch)
        where TLogs : struct, ITrainingLogs<TLogs>
    {
        var epochs = history.Epochs.Select(e => (double)(e + 1)).ToArray();
        var plot = new Plot();
        var points = new List<(double X, double Y)>();
        foreach (var name in panel.Curves)
        {
            var (xs, ys) = Finite(epochs, history[name], panel.LogScale);
            var curve = plot.Add.Scatter(xs, ys);
            curve.LegendText = name;
            curve.LineWidth = 2;
            curve.MarkerSize = history.Count > 50 ? 0 : 5;
            points.AddRange(xs.Zip(ys));
        }

        foreach (var mark in Marks(history, bestEpoch))
        {
            var line = plot.Add.VerticalLine(mark.Epoch);
            line.LineWidth = 1;
            line.LinePattern = LinePattern.Dashed;
            line.Color = mark.IsBest ? Colors.ForestGreen : Colors.FireBrick;
            line.LegendText = mark.Label;
        }

        if (panel.LogScale)
        {
            plot.Axes.Left.TickGenerator = PlotImage.LogTicks();
        }

        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.Axes.SetLimitsX(0.5, epochs[^1] + 0.5);
        plot.Layout.Fixed(PlotImage.Margins);
        plot.Title(panel.Title + (panel.LogScale ? " (log scale)" : string.Empty));
        plot.XLabel("epoch");
        plot.ShowLegend(EmptiestCorner(points));
        return plot;
    }

    // NaN and infinite values (a diverged epoch) cannot be drawn, nor a rate of 0 on a log scale; they leave a gap.
    private static (double[] X, double[] Y) Finite(double[] epochs, IReadOnlyList<double> values, bool log)
    {
        var points = epochs.Zip(values).Where(p => double.IsFinite(p.Second) && (!log || p.Second > 0)).ToArray();
        return (points.Select(p => p.First).ToArray(), points.Select(p => log ? Math.Log10(p.Second) : p.Second).ToArray());
    }
}
