using System;
using System.Collections.Generic;
using System.Globalization;
using Declarative.IO;
using ScottPlot;
using ScottPlot.TickGenerators;
using SkiaSharp;

namespace Declarative.Plotting;

/// <summary>What every plot Declarative saves shares: ScottPlot panels stacked into one PNG written atomically, and the ticks of a log scale.</summary>
internal static class PlotImage
{
    /// <summary>The margins of every panel (pixels): the same on each, so stacked panels' axes line up, and the data area is where a reader expects it.</summary>
    public static readonly PixelPadding Margins = new(left: 70, right: 20, bottom: 50, top: 40);

    /// <summary>Renders <paramref name="panels"/> one under the other and saves them as one PNG (atomically, creating the folder when missing).</summary>
    /// <returns>The image's size in pixels.</returns>
    public static (int Width, int Height) SavePng(string path, int width, int panelHeight, IReadOnlyList<Plot> panels)
    {
        var height = panelHeight * panels.Count;
        using var surface = SKSurface.Create(new SKImageInfo(width, height));
        surface.Canvas.Clear(SKColors.White);
        for (var i = 0; i < panels.Count; i++)
        {
            // ScottPlot clears the canvas it renders on, so each panel gets its own surface.
            using var panel = SKSurface.Create(new SKImageInfo(width, panelHeight));
            panels[i].Render(panel.Canvas, width, panelHeight);
            using var drawn = panel.Snapshot();
            surface.Canvas.DrawImage(drawn, 0, i * panelHeight);
        }

        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        AtomicFile.Write(path, stream => png.SaveTo(stream));
        return (width, height);
    }

    /// <summary>
    /// Ticks for an axis whose values are the decimal logarithms of the numbers shown (ScottPlot draws no log axis),
    /// labelled with the numbers: at each power of ten, with minor ticks between (<paramref name="powersOfTenOnly"/>, for
    /// an axis spanning a few of them), or at round logarithms.
    /// </summary>
    public static NumericAutomatic LogTicks(bool powersOfTenOnly = true) => new()
    {
        MinorTickGenerator = new LogMinorTickGenerator(),
        IntegerTicksOnly = powersOfTenOnly,
        LabelFormatter = value => Math.Pow(10, value).ToString("g3", CultureInfo.InvariantCulture),
    };
}
