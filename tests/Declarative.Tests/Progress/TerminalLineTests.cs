using Declarative.Progress;

namespace Declarative.Tests.Progress;

/// <summary>Text fitted to a terminal: an epoch's line wrapped between values, the live bar's values cut to the width, the ETA.</summary>
public class TerminalLineTests
{
    private static readonly string[] Parts = ["Epoch 2/20", "63/63", "1s", "16ms/step", "loss: 0.4321", "accuracy: 0.8810", "val_loss: 0.5012", "learning_rate: 1.0000e-03"];

    [Fact]
    public void An_epochs_line_wraps_between_values_onto_indented_lines_within_the_width()
    {
        var lines = TerminalLine.Wrap(Parts, 40);

        Assert.Equal(["Epoch 2/20 - 63/63 - 1s - 16ms/step", "    loss: 0.4321 - accuracy: 0.8810", "    val_loss: 0.5012", "    learning_rate: 1.0000e-03"], lines);
        Assert.All(lines, line => Assert.True(line.Length <= 40));
        Assert.Equal([TerminalLine.Join(Parts)], TerminalLine.Wrap(Parts, 200));
    }

    [Fact]
    public void A_value_longer_than_a_line_gets_a_line_of_its_own()
    {
        Assert.Equal(["Epoch 1/1", "    a_very_long_metric_name: 1.0000", "    loss: 0.5"], TerminalLine.Wrap(["Epoch 1/1", "a_very_long_metric_name: 1.0000", "loss: 0.5"], 20));
    }

    [Theory]
    [InlineData("loss: 0.4321", 20, "loss: 0.4321")]
    [InlineData("loss: 0.4321 - accuracy: 0.8810", 20, "loss: 0.4321 - accu…")]
    [InlineData("loss", 1, "")]
    public void Running_values_are_cut_to_the_room_left_with_an_ellipsis(string text, int width, string expected) =>
        Assert.Equal(expected, TerminalLine.Fit(text, width));

    [Fact]
    public void The_time_left_is_labelled_as_keras_labels_it()
    {
        Assert.Equal("ETA 3s", TerminalLine.Eta(TimeSpan.FromSeconds(3.2)));
        Assert.Equal("ETA 1:02", TerminalLine.Eta(TimeSpan.FromSeconds(62)));
        Assert.Equal("ETA -", TerminalLine.Eta(null));
    }

    [Fact]
    public void A_message_wraps_between_words_at_80_columns_with_later_rows_indented()
    {
        const string message = "Training was cancelled. The model in memory now holds the weights from the end of the best epoch: 3 (shown as \"Epoch 3/20\"; BestEpoch = 2, counted from 0); the backup in backup keeps the latest state to resume from.";
        var rows = TerminalLine.WrapWords(message, 79);

        Assert.All(rows, row => Assert.True(row.Length <= 79, row));
        Assert.All(rows.Skip(1), row => Assert.StartsWith("    ", row));
        Assert.Equal(message, string.Join(" ", rows.Select(row => row.Trim())));
        Assert.Equal("Training was cancelled. The model in memory now holds the weights from the end", rows[0]);
    }

    [Fact]
    public void A_word_longer_than_a_row_is_cut()
    {
        Assert.Equal(["abcdefghij", "    klmnop"], TerminalLine.WrapWords("abcdefghijklmnop", 10));
        Assert.Equal(["short"], TerminalLine.WrapWords("short", 10));
        Assert.Equal([""], TerminalLine.WrapWords("", 10));
    }
}
