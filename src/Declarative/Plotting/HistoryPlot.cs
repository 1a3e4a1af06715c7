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
/// epoch (when given) and the epoch a callback stopped training are marked on each, the epoch axis reaching past them,
/// and explained once, in the first panel's legend; each legend goes where it hides the fewest points and lines; a
/// constant value gets an axis of numbers around it.
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

        var marks = Marks(history, bestEpoch);
        var panels = Panels(history).Select((panel, index) => Draw(history, panel, index, marks)).ToList();
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

    /// <summary>
    /// The epoch axis's limits: half an epoch before the first, and past the last (and past every mark) by half an
    /// epoch or 4% of the run, whichever is more, so that a line at the last epoch (where training stopped) is drawn
    /// inside the data area, not on its border.
    /// </summary>
    internal static (double Min, double Max) EpochLimits(double first, double last, IEnumerable<Mark> marks)
    {
        var right = marks.Select(m => m.Epoch).Append(last).Max();
        return (first - 0.5, right + Math.Max(0.5, (right - first + 1) * 0.04));
    }

    /// <summary>
    /// The value axis's limits for a panel whose values do not vary (a constant learning rate): around the value, by half
    /// of it (or by 1 around 0), so the axis is labelled with numbers near the value; null when the values vary and the
    /// axis fits them by itself.
    /// </summary>
    internal static (double Min, double Max)? ConstantValueLimits(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return null;
        var (min, max) = (values.Min(), values.Max());
        var scale = Math.Max(Math.Abs(min), Math.Abs(max));
        if (max - min > scale * 1e-9) return null;
        var margin = scale > 0 ? scale / 2 : 1;
        return (min - margin, max + margin);
    }

    /// <summary>The marks a panel's legend explains: the first panel's legend explains them for all, the others list only their curves.</summary>
    internal static IReadOnlyList<Mark> MarksInLegend(int panel, IReadOnlyList<Mark> marks) => panel == 0 ? marks : [];

    /// <summary>
    /// Where the legend hides the fewest of the points and vertical lines (x and y scaled to 0..1 over their range): a
    /// corner of the data area, or, when every corner holds more, the middle of its top or bottom edge. A line crosses
    /// the whole height, so it counts in the upper and the lower places of its third, as much as a few points.
    /// </summary>
    internal static Alignment EmptiestCorner(IReadOnlyList<(double X, double Y)> points, IReadOnlyList<double>? lines = null)
    {
        lines ??= [];
        if (points.Count == 0 && lines.Count == 0) return Alignment.UpperRight;
        var xs = points.Select(p => p.X).Concat(lines).ToList();
        var (minX, maxX) = (xs.Min(), xs.Max());
        var (minY, maxY) = points.Count == 0 ? (0.0, 0.0) : (points.Min(p => p.Y), points.Max(p => p.Y));
        double Scale(double v, double min, double max) => max > min ? (v - min) / (max - min) : 0.5;
        var scaled = points.Select(p => (X: Scale(p.X, minX, maxX), Y: Scale(p.Y, minY, maxY))).ToList();
        var scaledLines = lines.Select(x => Scale(x, minX, maxX)).ToList();

        // A legend covers about a third of the width and of the height from its place. Horizontally: -1 the left
        // third, 0 the middle one, 1 the right one.
        const int LineWeight = 3;
        bool Within(double x, int third) => third switch { < 0 => x <= 1 / 3.0, 0 => x >= 1 / 3.0 && x <= 2 / 3.0, _ => x >= 2 / 3.0 };
        int Count(int third, bool upper) =>
            scaled.Count(p => Within(p.X, third) && (upper ? p.Y >= 2 / 3.0 : p.Y <= 1 / 3.0)) + LineWeight * scaledLines.Count(x => Within(x, third));
        return new[]
            {
                (Alignment.UpperRight, Count(1, true)), (Alignment.UpperLeft, Count(-1, true)), (Alignment.LowerRight, Count(1, false)), (Alignment.LowerLeft, Count(-1, false)),
                (Alignment.UpperCenter, Count(0, true)), (Alignment.LowerCenter, Count(0, false)),
            }
            .OrderBy(c => c.Item2).First().Item1;
    }

    private static Plot Draw<TLogs>(History<TLogs> history, Panel panel, int index, IReadOnlyList<Mark> marks)
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

        var explained = MarksInLegend(index, marks);
        foreach (var mark in marks)
        {
            var line = plot.Add.VerticalLine(mark.Epoch);
            line.LineWidth = 2;
            line.LinePattern = mark.IsBest ? LinePattern.Dashed : LinePattern.Dotted;
            line.Color = mark.IsBest ? BestColor : StoppedColor;
            line.LegendText = explained.Contains(mark) ? mark.Label : string.Empty;
        }

        if (panel.LogScale)
        {
            plot.Axes.Left.TickGenerator = PlotImage.LogTicks();
        }

        if (ConstantValueLimits(points.Select(p => p.Y).ToList()) is { } constant) plot.Axes.SetLimitsY(constant.Min, constant.Max);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        var (left, right) = EpochLimits(epochs[0], epochs[^1], marks);
        plot.Axes.SetLimitsX(left, right);
        plot.Layout.Fixed(PlotImage.Margins);
        plot.Title(panel.Title + (panel.LogScale ? " (log scale)" : string.Empty));
        plot.XLabel("epoch");
        plot.ShowLegend(EmptiestCorner(points, marks.Select(m => m.Epoch).ToList()));
        return plot;
    }

    // The best epoch's line and the stopped epoch's: distinct from the curves' colours (ScottPlot's first ones are blue
    // and orange) and from each other, in colour and in pattern.
    private static readonly Color BestColor = Colors.ForestGreen;
    private static readonly Color StoppedColor = Colors.Crimson;

    // NaN and infinite values (a diverged epoch) cannot be drawn, nor a rate of 0 on a log scale; they leave a gap.
    private static (double[] X, double[] Y) Finite(double[] epochs, IReadOnlyList<double> values, bool log)
    {
        var points = epochs.Zip(values).Where(p => double.IsFinite(p.Second) && (!log || p.Second > 0)).ToArray();
        return (points.Select(p => p.First).ToArray(), points.Select(p => log ? Math.Log10(p.Second) : p.Second).ToArray());
    }
}
