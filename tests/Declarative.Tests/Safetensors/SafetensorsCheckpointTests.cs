using System.Globalization;
using System.Text.Json;
using Declarative.Callbacks;
using Declarative.IO;
using Declarative.Tests.Models;
using Declarative.Tests.Support;
using static TorchSharp.torch;
using SafetensorsFile = Declarative.IO.Safetensors;

namespace Declarative.Tests.Safetensors;

/// <summary>
/// ModelCheckpoint with Format = CheckpointFormat.Safetensors: ranked files, the last file and the manifest as with
/// TorchSharp's format, written on the background writer; each file holds the weights to deploy (the average, once it
/// has an update) by their state_dict names, the epoch and monitored value in its metadata, and a data hash that
/// catches a changed byte while leaving nothing after the data for PyTorch's loader to refuse.
/// </summary>
[Collection(WorkingDirectoryCollection.Name)]
public sealed class SafetensorsCheckpointTests
{
    [Fact]
    public void A_run_keeps_its_best_safetensors_files_and_the_last_one_with_the_averaged_weights_and_where_it_was()
    {
        using var folder = new TemporaryWorkingDirectory();
        manual_seed(4);
        var model = new SafetensorsCheckpointModel();
        var (inputs, targets) = Data.Blobs(32, seed: 1);
        var history = model.Fit(inputs, targets, 8, 3, optim.Adam(model.parameters(), 0.05), nn.CrossEntropyLoss(), progress: ProgressMode.Silent, backgroundSaves: true);

        var kept = model.Callbacks.ModelCheckpoint.Kept;
        Assert.Equal(2, kept.Count);
        Assert.Equal(kept.Select(k => Path.GetFileName(k.Path)).Append("checkpoints.json").Append("last.safetensors").Order(StringComparer.Ordinal), folder.Files("checkpoints"));
        using (var manifest = JsonDocument.Parse(File.ReadAllText("checkpoints/checkpoints.json")))
            Assert.Contains("last.safetensors", manifest.RootElement.GetRawText());

        var last = new SafetensorsCheckpointModel();
        var result = last.LoadSafetensors("checkpoints/last.safetensors");
        var average = model.Callbacks.EMAWeightAveraging.Average.ToStateDictionary();
        Assert.Equal(average.Keys.Order(), last.state_dict().Keys.Order());
        Assert.All(average, pair => Assert.True(pair.Value.eq(last.state_dict()[pair.Key]).all().item<bool>(), pair.Key));
        Assert.Contains("_layers.1.num_batches_tracked", average.Keys);
        Assert.Equal("EMAWeightAveraging", result.Metadata["weights"]);
        Assert.Equal("3", result.Metadata["epoch"]);
        Assert.Equal("loss", result.Metadata["monitor"]);
        Assert.Equal(history["loss"][^1], double.Parse(result.Metadata["loss"], CultureInfo.InvariantCulture));
        Assert.Equal("pt", result.Metadata["format"]);

        // A changed byte of the data is caught by the hash the metadata records.
        var bytes = File.ReadAllBytes("checkpoints/last.safetensors");
        bytes[^1] ^= 1;
        File.WriteAllBytes("changed.safetensors", bytes);
        var error = Assert.Throws<InvalidDataException>(() => new SafetensorsCheckpointModel().LoadSafetensors("changed.safetensors"));
        Assert.Contains("'changed.safetensors' is damaged", error.Message);
    }

    [Fact]
    public void A_run_constructing_the_checkpoint_with_a_format_its_file_name_contradicts_is_refused_with_the_analyzers_words()
    {
        var named = Assert.Throws<ArgumentException>(() => new ModelCheckpoint<SafetensorsCheckpointModelLogs>(new ModelCheckpointAttribute("m.bin") { Format = CheckpointFormat.Safetensors, SaveWeightsOnly = true }));
        Assert.Contains("end the name with .safetensors", named.Message);
        var full = Assert.Throws<ArgumentException>(() => new ModelCheckpoint<SafetensorsCheckpointModelLogs>(new ModelCheckpointAttribute("m.safetensors") { Format = CheckpointFormat.Safetensors }));
        Assert.Contains("set SaveWeightsOnly = true", full.Message);
    }
}
