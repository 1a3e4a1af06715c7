using Declarative.Plotting;
using Declarative.Tests.Models;
using Declarative.Tests.Support;
using ScottPlot;
using SkiaSharp;

namespace Declarative.Tests.Plotting;

/// <summary>What the History plot shows: which panels, which scale, which epochs marked, where the legend goes, and the marks drawn where they belong.</summary>
[Collection(WorkingDirectoryCollection.Name)]
public class HistoryPlotTests
{
    // A History of `epochs` epochs of SequenceModel (loss, value and their val_ twins), the learning rate halving each epoch from `rate`.
    private static History<SequenceModelLogs> Made(int epochs, double rate, TrainingEnd? end = null)
    {
        var history = new History<SequenceModelLogs>(epochs, hasValidation: true);
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            history.Add(Sessions.Logs(epoch, 1.0 / (epoch + 1)) with { LearningRate = rate * Math.Pow(0.5, epoch) });
        }

        if (end is not null) history.End = end;
        return history;
    }

    [Theory]
    [InlineData(4, false)]  // 0.1 to 0.0125: less than a decade
    [InlineData(5, true)]   // 0.1 to 0.00625: more
    public void The_learning_rate_is_on_a_log_scale_when_it_spans_more_than_a_decade(int epochs, bool log)
    {
        var panels = HistoryPlot.Panels(Made(epochs, 0.1));

        Assert.Equal(["loss", "value", "learning_rate"], panels.Select(p => p.Title));
        Assert.Equal(["loss", "val_loss"], panels[0].Curves);
        Assert.Equal(log, panels[^1].LogScale);
        Assert.All(panels.SkipLast(1), p => Assert.False(p.LogScale));
    }

    [Fact]
    public void The_best_epoch_and_the_epoch_training_stopped_are_marked_1_based_as_printed()
    {
        var stopped = Made(6, 0.1, new TrainingEnd(TrainingEndReason.Stopped, 5, "[EarlyStopping]"));

        Assert.Equal([new HistoryPlot.Mark(3, "best: epoch 3", IsBest: true), new HistoryPlot.Mark(6, "stopped: epoch 6", IsBest: false)], HistoryPlot.Marks(stopped, bestEpoch: 2));
        Assert.Empty(HistoryPlot.Marks(Made(6, 0.1, new TrainingEnd(TrainingEndReason.Completed, 5)), bestEpoch: null));
    }

    [Theory]
    [InlineData(10, 0.5)]   // a short run: half an epoch past the last
    [InlineData(100, 4.0)]  // a long one: 4% of the run, so the line stays clear of the border
    public void The_epoch_axis_reaches_past_the_epoch_training_stopped(int epochs, double room)
    {
        var marks = HistoryPlot.Marks(Made(epochs, 0.1, new TrainingEnd(TrainingEndReason.Stopped, epochs - 1, "[EarlyStopping]")), bestEpoch: 2);

        var (min, max) = HistoryPlot.EpochLimits(1, epochs, marks);

        Assert.Equal(0.5, min);
        Assert.Equal(epochs + room, max, 9);
        Assert.All(marks, m => Assert.True(m.Epoch < max));
    }

    [Fact]
    public void A_constant_value_gets_an_axis_around_it_and_a_varying_one_its_own()
    {
        Assert.Equal((0.0005, 0.0015), HistoryPlot.ConstantValueLimits([0.001, 0.001, 0.001]));
        Assert.Equal((-1.0, 1.0), HistoryPlot.ConstantValueLimits([0.0, 0.0]));
        Assert.Null(HistoryPlot.ConstantValueLimits([0.001, 0.0009]));
        Assert.Null(HistoryPlot.ConstantValueLimits([]));
    }

    [Fact]
    public void The_first_legend_explains_the_marks_and_keeps_clear_of_their_lines()
    {
        IReadOnlyList<HistoryPlot.Mark> marks = [new(3, "best: epoch 3", IsBest: true), new(10, "stopped: epoch 10", IsBest: false)];
        Assert.Equal(marks, HistoryPlot.MarksInLegend(0, marks));
        Assert.Empty(HistoryPlot.MarksInLegend(1, marks));

        // A constant curve leaves every corner free; the stopped line at the last epoch takes the right ones.
        var constant = Enumerable.Range(1, 10).Select(i => ((double)i, 0.001)).ToList();
        Assert.Equal(Alignment.UpperLeft, HistoryPlot.EmptiestCorner(constant, [10.0]));
        // A falling curve with lines at both ends: the top's middle is the free place.
        var falling = Enumerable.Range(1, 10).Select(i => ((double)i, 10.0 - i)).ToList();
        Assert.Equal(Alignment.UpperCenter, HistoryPlot.EmptiestCorner(falling, [1.0, 10.0]));
    }

    [Fact]
    public void The_legend_goes_in_the_corner_with_the_fewest_points()
    {
        // A falling curve: points upper left and lower right, none upper right.
        var falling = Enumerable.Range(0, 10).Select(i => ((double)i, 10.0 - i)).ToList();
        Assert.Equal(Alignment.UpperRight, HistoryPlot.EmptiestCorner(falling));

        // A rising one: upper right and lower left are taken, upper left is free first.
        var rising = Enumerable.Range(0, 10).Select(i => ((double)i, (double)i)).ToList();
        Assert.Equal(Alignment.UpperLeft, HistoryPlot.EmptiestCorner(rising));
    }

    [Fact]
    public void The_marks_are_drawn_at_their_epochs_on_every_panel_at_the_same_place()
    {
        using var folder = new TemporaryWorkingDirectory();
        var history = Made(10, 0.1, new TrainingEnd(TrainingEndReason.Stopped, 9, "[EarlyStopping]"));
        const int Width = 900, PanelHeight = 280;

        history.SavePlot("plot.png", Width, PanelHeight, bestEpoch: 3);

        using var image = SKBitmap.Decode("plot.png");
        Assert.Equal(3 * PanelHeight, image.Height);

        // The epoch axis spans the data area between the fixed margins (70 px left, 20 px right); the best epoch's line
        // is green, the stopped epoch's red, inside the area.
        var (left, right) = HistoryPlot.EpochLimits(1, 10, HistoryPlot.Marks(history, bestEpoch: 3));
        double X(double epoch) => 70 + (epoch - left) / (right - left) * (Width - 70 - 20);
        int Green(int x, int panel) => Enumerable.Range(panel * PanelHeight + 45, PanelHeight - 100).Count(y => image.GetPixel(x, y) is var c && c.Green > c.Red + 50 && c.Green > c.Blue + 50);
        int Red(int x, int panel) => Enumerable.Range(panel * PanelHeight + 45, PanelHeight - 100).Count(y => image.GetPixel(x, y) is var c && c.Red > c.Green + 80 && c.Red > c.Blue + 80);
        Assert.True(Width - 20 - X(10) > 20, "the stopped epoch's line is on the border");
        for (var panel = 0; panel < 3; panel++)
        {
            var best = Enumerable.Range((int)X(4) - 2, 5).Max(x => Green(x, panel));
            var between = Enumerable.Range((int)X(5.5) - 2, 5).Max(x => Green(x, panel));
            Assert.True(best > 3 * Math.Max(between, 10), $"panel {panel}: the best epoch's line is not at epoch 4 ({best} green pixels there, {between} between epochs)");
            var stopped = Enumerable.Range((int)X(10) - 2, 5).Max(x => Red(x, panel));
            var beside = Enumerable.Range((int)X(8.5) - 2, 5).Max(x => Red(x, panel));
            Assert.True(stopped > 3 * Math.Max(beside, 10), $"panel {panel}: the stopped epoch's line is not at epoch 10 ({stopped} red pixels there, {beside} beside)");
        }
    }
}
