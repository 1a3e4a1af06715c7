using Declarative.Tests.Support;
using SkiaSharp;

namespace Declarative.Tests.Plotting;

/// <summary>The learning-rate finder's plot: a valid PNG of the size asked, the suggestion marked in red where its rate is on the log axis, and nothing red without one.</summary>
[Collection(WorkingDirectoryCollection.Name)]
public class LearningRatePlotTests
{
    // 30 rates from 1e-5 to 1e-1; the smoothed loss falls fastest at point 16.
    private static LearningRateFinderResult Curve(int points = 30)
    {
        var rates = Enumerable.Range(0, points).Select(i => 1e-5 * Math.Pow(1e4, i / 29.0)).ToArray();
        var losses = Enumerable.Range(0, points).Select(i => i switch { <= 14 => 1.0, 15 => 0.9, 16 => 0.6, 17 => 0.2, 18 => 0.15, _ => 0.14 }).ToArray();
        return new LearningRateFinderResult(rates, losses.Select((l, i) => l + 0.05 * Math.Sin(i)).ToArray(), losses, stoppedEarly: false);
    }

    [Fact]
    public void The_plot_is_a_png_of_the_size_asked_with_the_suggestion_marked_at_its_rate()
    {
        using var folder = new TemporaryWorkingDirectory();
        const int Width = 900, Height = 500;
        var result = Curve();

        var size = result.SavePlot("plots/finder.png", Width, Height);

        Assert.Equal((Width, Height), size);
        var bytes = File.ReadAllBytes("plots/finder.png");
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], bytes.Take(8));
        using var image = SKBitmap.Decode(bytes);
        Assert.Equal((Width, Height), (image.Width, image.Height));

        // The data area spans log10(rate) from -5 to -1 between the fixed margins (70 px left, 20 px right).
        var x = 70 + (Math.Log10(result.Suggestion!.Value) + 5) / 4 * (Width - 70 - 20);
        Assert.True(RedPixels(image, (int)x - 8, (int)x + 8) > 20, $"no red mark near x = {x:F0}");
    }

    [Fact]
    public void Without_a_suggestion_nothing_is_marked()
    {
        using var folder = new TemporaryWorkingDirectory();
        var result = Curve(points: 12);
        Assert.Null(result.Suggestion);

        result.SavePlot("finder.png");

        using var image = SKBitmap.Decode("finder.png");
        Assert.Equal(0, RedPixels(image, 0, image.Width - 1));
    }

    private static int RedPixels(SKBitmap image, int fromX, int toX) =>
        Enumerable.Range(fromX, toX - fromX + 1).Sum(x => Enumerable.Range(0, image.Height).Count(y => image.GetPixel(x, y) is var c && c.Red > 200 && c.Green < 80 && c.Blue < 80));
}
