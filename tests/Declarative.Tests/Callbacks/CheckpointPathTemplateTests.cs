using Declarative.Callbacks;

namespace Declarative.Tests.Callbacks;

/// <summary>Checkpoint file names, formatted as Keras formats them with Python's str.format.</summary>
public class CheckpointPathTemplateTests
{
    private static readonly Dictionary<string, double> Logs = new() { ["loss"] = 0.5, ["val_loss"] = 0.125, ["accuracy"] = 0.875 };

    [Theory]
    [InlineData("net-{epoch:02d}.bin", 2, null, "net-03.bin")]
    [InlineData("net-{epoch}.bin", 2, null, "net-3.bin")]
    [InlineData("net-{val_loss:.2f}.bin", 0, null, "net-0.12.bin")]
    [InlineData("net-{epoch:02d}-{val_loss:.3f}.bin", 9, null, "net-10-0.125.bin")]
    [InlineData("net-{val_loss}.bin", 0, null, "net-0.125.bin")]
    [InlineData("net-{accuracy:.1%}.bin", 0, null, "net-87.5%.bin")]
    [InlineData("e{epoch}-b{batch:03d}.bin", 0, 4, "e1-b005.bin")]
    [InlineData("{{epoch}}-{epoch}.bin", 0, null, "{epoch}-1.bin")]
    [InlineData("plain.bin", 7, null, "plain.bin")]
    public void Formats_like_keras_with_1_based_epoch_and_batch(string template, int epoch, int? batch, string expected) =>
        Assert.Equal(expected, CheckpointPathTemplate.Parse(template).Format(epoch, batch, Logs));

    [Theory]
    [InlineData("net-{epoch.bin")]
    [InlineData("net-epoch}.bin")]
    [InlineData("net-{}.bin")]
    [InlineData("net-{0}.bin")]
    [InlineData("net-{val_loss!r}.bin")]
    [InlineData("net-{epoch:.2d}.bin")]
    [InlineData("net-{val_loss:d}.bin")]
    public void Rejects_malformed_templates(string template) =>
        Assert.Throws<FormatException>(() => CheckpointPathTemplate.Parse(template));

    [Theory]
    [InlineData("net-{val_acc}.bin", null, "'{val_acc}'")]
    [InlineData("net-{batch}.bin", null, "'{batch}'")]
    public void An_unavailable_value_names_what_is_available(string template, int? batch, string missing)
    {
        var error = Assert.Throws<KeyNotFoundException>(() => CheckpointPathTemplate.Parse(template).Format(0, batch, Logs));
        Assert.Contains(missing, error.Message);
        Assert.Contains("Available: epoch, accuracy, loss, val_loss", error.Message);
    }

    [Fact]
    public void Lists_its_placeholders()
    {
        var template = CheckpointPathTemplate.Parse("{epoch:02d}-{val_loss:.2f}-{epoch}.bin");
        Assert.Equal(["epoch", "val_loss"], template.Placeholders);
    }
}
