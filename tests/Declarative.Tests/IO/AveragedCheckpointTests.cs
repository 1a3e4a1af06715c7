using Declarative.IO;
using Declarative.Tests.Models;
using Declarative.Tests.Support;
using static TorchSharp.torch;

namespace Declarative.Tests.IO;

/// <summary>
/// A checkpoint of a model with weight averaging keeps both sets: the model's own weights (and the optimizer's state)
/// where they always are, so Checkpoint.Load resumes training from them, then the averaged weights, which
/// Checkpoint.LoadAveragedWeights loads; one saved before the first update holds none.
/// </summary>
[Collection(WorkingDirectoryCollection.Name)]
public sealed class AveragedCheckpointTests
{
    [Fact]
    public void A_checkpoint_holds_the_models_own_weights_then_the_averaged_ones()
    {
        using var folder = new TemporaryWorkingDirectory();
        manual_seed(4);
        var model = new EmaCheckpointModel();
        var optimizer = optim.Adam(model.parameters(), 0.05);
        var (inputs, targets) = Data.Blobs(32, seed: 1);
        model.Fit(inputs, targets, 8, 2, optimizer, nn.CrossEntropyLoss(), progress: ProgressMode.Silent);
        var own = Data.Weights(model);
        var average = model.Callbacks.EMAWeightAveraging.Average;
        Assert.Equal(4, average.Count); // the 4 steps of epoch 1

        foreach (var file in new[] { "checkpoints/full-2.bin", "checkpoints/weights-2.bin" })
        {
            var loaded = new EmaCheckpointModel();
            Checkpoint.Load(file, loaded);
            Assert.Equal(own, Data.Weights(loaded));

            Checkpoint.LoadAveragedWeights(file, loaded);
            Assert.Equal(average.ToStateDictionary().Values.Select(t => t.data<float>().ToArray()), Data.Weights(loaded));
            Assert.NotEqual(own, Data.Weights(loaded));
        }

        // The optimizer's state is still read where it is, and a file of weights only still says it has none.
        var resumed = new EmaCheckpointModel();
        Checkpoint.Load("checkpoints/full-2.bin", resumed, optim.Adam(resumed.parameters(), 0.05));
        Assert.Equal(own, Data.Weights(resumed));
        var error = Assert.Throws<InvalidDataException>(() => Checkpoint.Load("checkpoints/weights-2.bin", resumed, optim.Adam(resumed.parameters(), 0.05)));
        Assert.Contains("weights only", error.Message);
    }

    [Fact]
    public void A_checkpoint_saved_before_the_first_update_holds_no_averaged_weights()
    {
        using var folder = new TemporaryWorkingDirectory();
        manual_seed(4);
        var model = new EmaCheckpointModel();
        var (inputs, targets) = Data.Blobs(16, seed: 1);
        model.Fit(inputs, targets, 8, 1, optim.SGD(model.parameters(), 0.1), nn.CrossEntropyLoss(), progress: ProgressMode.Silent);

        var loaded = new EmaCheckpointModel();
        Checkpoint.Load("checkpoints/full-1.bin", loaded, optim.SGD(loaded.parameters(), 0.1));
        Assert.Equal(Data.Weights(model), Data.Weights(loaded));
        var error = Assert.Throws<InvalidDataException>(() => Checkpoint.LoadAveragedWeights("checkpoints/full-1.bin", loaded));
        Assert.Contains("holds no averaged weights", error.Message);
    }
}
