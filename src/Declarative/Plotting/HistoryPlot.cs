using System;
using System.Collections.Generic;
using System.Linq;
using Declarative.IO;
using Declarative.Metrics;
using Declarative.Training;
using ScottPlot;
using SkiaSharp;

namespace Declarative.Plotting;

/// <summary>
/// Draws a History's curves as one PNG with ScottPlot: a panel per metric with its training and validation curves
/// (loss and val_loss together, accuracy and val_accuracy together, ...), and a panel for the learning rate.
/// </summary>
public static class HistoryPlot
{
    /// <summary>Saves the plot as a PNG (atomically, creating the folder when missing).</summary>
    /// <param name="history">The History to draw; it needs at least one epoch.</param>
    /// <param name="path">The PNG file.</param>
    /// <param name="width">The image width in pixels.</param>
    /// <param name="panelHeight">The height of each panel in pixels.</param>
    /// <returns>The image's size in pixels.</returns>
    public static (int Width, int Height) Save<TLogs>(History<TLogs> history, string path, int width = 900, int panelHeight = 280)
        where TLogs : struct, ITrainingLogs<TLogs>
    {
        ArgumentNullException.ThrowIfNull(history);
        if (history.Count == 0) throw new InvalidOperationException("The History has no epoch to plot.");
        if (width < 100 || panelHeight < 100) throw new ArgumentOutOfRangeException(nameof(width), "The image needs at least 100 × 100 pixels per panel.");

        var panels = TLogs.Metrics
            .Select(m => (Title: m.Name, Curves: new[] { m.Name, MetricNames.Validation(m.Name) }))
            .Append((Title: MetricNames.LearningRate, Curves: new[] { MetricNames.LearningRate }))
            .ToList();
        var height = panelHeight * panels.Count;
        var epochs = history.Epochs.Select(e => (double)(e + 1)).ToArray();

        using var surface = SKSurface.Create(new SKImageInfo(width, height));
        surface.Canvas.Clear(SKColors.White);
        for (var i = 0; i < panels.Count; i++)
        {
            using var plot = new Plot();
            foreach (var name in panels[i].Curves.Where(history.MetricNames.Contains))
            {
                var (xs, ys) = Finite(epochs, history[name]);
                var curve = plot.Add.Scatter(xs, ys);
                curve.LegendText = name;
                curve.LineWidth = 2;
                curve.MarkerSize = history.Count > 50 ? 0 : 5;
            }

            plot.Title(panels[i].Title);
            plot.XLabel("epoch");
            plot.ShowLegend(Alignment.UpperRight);

            // ScottPlot clears the canvas it renders on, so each panel gets its own surface.
            using var panel = SKSurface.Create(new SKImageInfo(width, panelHeight));
            plot.Render(panel.Canvas, width, panelHeight);
            using var drawn = panel.Snapshot();
            surface.Canvas.DrawImage(drawn, 0, i * panelHeight);
        }

        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        AtomicFile.Write(path, stream => png.SaveTo(stream));
        return (width, height);
    }

    // NaN and infinite values (a diverged epoch) cannot be drawn; they leave a gap.
    private static (double[] X, double[] Y) Finite(double[] epochs, IReadOnlyList<double> values)
    {
        var points = epochs.Zip(values).Where(p => double.IsFinite(p.Second)).ToArray();
        return (points.Select(p => p.First).ToArray(), points.Select(p => p.Second).ToArray());
    }
}
