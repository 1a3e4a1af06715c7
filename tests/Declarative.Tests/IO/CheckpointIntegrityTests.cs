using Declarative.IO;
using Declarative.Tests.Support;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Declarative.Tests.IO;

/// <summary>
/// A checkpoint file carries its integrity: one cut short or with a changed byte is refused by Checkpoint.Load, naming
/// the file and what is wrong, instead of loading other weights silently or failing with a bare end-of-stream error.
/// An intact one still loads with TorchSharp's own <c>model.load(path)</c>.
/// </summary>
[Collection(WorkingDirectoryCollection.Name)]
public sealed class CheckpointIntegrityTests
{
    private static (Sequential Model, optim.Optimizer Optimizer) Trained()
    {
        manual_seed(2);
        var model = nn.Sequential(nn.Linear(3, 4), nn.Linear(4, 2));
        var optimizer = optim.Adam(model.parameters(), 0.01);
        model.call(randn(5, 3)).sum().backward();
        optimizer.step();
        return (model, optimizer);
    }

    [Fact]
    public void An_intact_checkpoint_loads_with_Checkpoint_Load_and_with_TorchSharps_own_load()
    {
        using var folder = new TemporaryWorkingDirectory();
        var (model, optimizer) = Trained();
        Checkpoint.Save("model.bin", model, optimizer);

        var loaded = nn.Sequential(nn.Linear(3, 4), nn.Linear(4, 2));
        Checkpoint.Load("model.bin", loaded, optim.Adam(loaded.parameters(), 0.01));
        var plain = nn.Sequential(nn.Linear(3, 4), nn.Linear(4, 2));
        plain.load("model.bin");

        Assert.Equal(Data.Weights(model), Data.Weights(loaded));
        Assert.Equal(Data.Weights(model), Data.Weights(plain));
    }

    // Bytes of the first layer's weights, of the optimizer's state, and of the integrity record itself.
    [Theory]
    [InlineData(0.3)]
    [InlineData(0.8)]
    [InlineData(0.999)]
    public void A_checkpoint_with_a_changed_byte_is_refused_naming_the_file(double at)
    {
        using var folder = new TemporaryWorkingDirectory();
        var (model, optimizer) = Trained();
        Checkpoint.Save("model.bin", model, optimizer);
        var bytes = File.ReadAllBytes("model.bin");
        bytes[(int)(bytes.Length * at)] ^= 0x10;
        File.WriteAllBytes("model.bin", bytes);

        var error = Assert.Throws<InvalidDataException>(() => Checkpoint.Load("model.bin", nn.Sequential(nn.Linear(3, 4), nn.Linear(4, 2))));

        Assert.Contains("'model.bin'", error.Message);
        Assert.Contains(at > 0.99 ? "integrity record" : "does not match the SHA-256", error.Message);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.95)]
    public void A_checkpoint_cut_short_is_refused_naming_the_file(double kept)
    {
        using var folder = new TemporaryWorkingDirectory();
        var (model, optimizer) = Trained();
        Checkpoint.Save("model.bin", model, optimizer);
        var bytes = File.ReadAllBytes("model.bin");
        File.WriteAllBytes("model.bin", bytes[..(int)(bytes.Length * kept)]);

        var error = Assert.Throws<InvalidDataException>(() => Checkpoint.Load("model.bin", nn.Sequential(nn.Linear(3, 4), nn.Linear(4, 2)), optim.Adam(model.parameters(), 0.01)));

        Assert.Contains("'model.bin'", error.Message);
        Assert.Contains("cut short", error.Message);
    }
}
