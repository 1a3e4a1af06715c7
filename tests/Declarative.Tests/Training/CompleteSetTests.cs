using System.Globalization;
using Declarative.Tests.Models;
using Declarative.Tests.Support;
using SkiaSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace Declarative.Tests.Training;

/// <summary>The complete callback set end to end: every artifact agrees with History, and hooks run when they should.</summary>
[Collection(WorkingDirectoryCollection.Name)]
public class CompleteSetTests
{
    private const int Epochs = 4;
    private const int BatchesPerEpoch = 3;

    [Fact]
    public void Every_callback_on_one_model_leaves_artifacts_that_agree_with_history()
    {
        using var folder = new TemporaryWorkingDirectory();
        manual_seed(3);
        var model = new CompleteModel();
        var (inputs, targets) = Data.Blobs(48, seed: 1);

        var history = model.Fit(inputs, targets, batchSize: 16, Epochs, optim.SGD(model.parameters(), 0.5), nn.CrossEntropyLoss(), validation: Data.Blobs(32, seed: 2), progress: ProgressMode.Silent);

        Assert.Equal(Epochs, history.Count);
        Assert.Equal(TrainingEndReason.Completed, history.End.Reason);

        // CSV: one row per epoch, every value exactly History's (shortest round-trip text).
        var lines = File.ReadAllText("run/history.csv").Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        Assert.Equal(["epoch", "accuracy", "learning_rate", "loss", "val_accuracy", "val_loss"], header);
        Assert.Equal(Epochs + 1, lines.Length);
        for (var row = 1; row < lines.Length; row++)
        {
            var fields = lines[row].Split(',');
            Assert.Equal(history[row - 1].Epoch.ToString(CultureInfo.InvariantCulture), fields[0]);
            for (var column = 1; column < header.Length; column++)
                Assert.Equal(history[header[column]][row - 1], double.Parse(fields[column], CultureInfo.InvariantCulture));
        }

        // TensorBoard: epoch values in train/ and validation/ (val_ prefix stripped), at step = epoch, as float32.
        var train = EventFiles.Scalars("run/tensorboard/train");
        var validation = EventFiles.Scalars("run/tensorboard/validation");
        foreach (var name in new[] { "loss", "accuracy", "learning_rate" })
            Assert.Equal(history[name].Select((v, e) => ((long)e, (float)v)), train.Where(s => s.Tag == "epoch_" + name).Select(s => (s.Step, s.Value)));
        foreach (var name in new[] { "loss", "accuracy" })
            Assert.Equal(history["val_" + name].Select((v, e) => ((long)e, (float)v)), validation.Where(s => s.Tag == "epoch_" + name).Select(s => (s.Step, s.Value)));

        // Batch values every 2 global batches (1-based steps), and histograms at epochs 0 and 2.
        Assert.Equal([2L, 4, 6, 8, 10, 12], train.Where(s => s.Tag == "batch_loss").Select(s => s.Step));
        var histograms = EventFiles.Read("run/tensorboard/train").Where(e => e.Summary is not null)
            .SelectMany(e => e.Summary.Value.Where(v => v.Histo is not null).Select(v => (v.Tag, e.Step))).ToList();
        Assert.Equal([("_layer.bias/histogram", 0L), ("_layer.bias/histogram", 2L), ("_layer.weight/histogram", 0L), ("_layer.weight/histogram", 2L)], histograms.Order());

        // The plot: a PNG with a panel per metric and one for the learning rate.
        var size = history.SavePlot("run/history.png", width: 640, panelHeight: 200);
        using var image = SKBitmap.Decode("run/history.png");
        Assert.Equal((640, 600), (image.Width, image.Height));
        Assert.Equal(size, (image.Width, image.Height));
        for (var panel = 0; panel < 3; panel++)
        {
            var drawn = 0;
            for (var y = panel * 200; y < (panel + 1) * 200; y += 2)
                for (var x = 0; x < 640; x += 2)
                    if (image.GetPixel(x, y) != SKColors.White) drawn++;
            Assert.True(drawn > 500, $"panel {panel} is blank ({drawn} drawn pixels sampled)");
        }

        // ReduceLROnPlateau: the rate logged each epoch is the one used during it; reductions apply from the next one.
        var rates = history["learning_rate"];
        for (var epoch = 1; epoch < Epochs; epoch++)
            Assert.True(rates[epoch] == rates[epoch - 1] || rates[epoch] == rates[epoch - 1] * 0.5);

        Assert.Contains(folder.Files("run"), f => f.StartsWith("best-", StringComparison.Ordinal));
    }

    [Fact]
    public void User_callbacks_and_lambda_hooks_see_every_event_in_order()
    {
        using var folder = new TemporaryWorkingDirectory();
        manual_seed(3);
        var model = new CompleteModel();
        var (inputs, targets) = Data.Blobs(48, seed: 1);

        model.Fit(inputs, targets, batchSize: 16, epochs: 2, optim.SGD(model.parameters(), 0.1), nn.CrossEntropyLoss(), validation: Data.Blobs(32, seed: 2), progress: ProgressMode.Silent);

        var expectedCallback = new List<string> { "train_begin" };
        var expectedHooks = new List<string> { "train_begin 2" };
        for (var epoch = 0; epoch < 2; epoch++)
        {
            expectedCallback.Add($"epoch_begin {epoch}");
            expectedHooks.Add($"epoch_begin {epoch}");
            for (var batch = 0; batch < BatchesPerEpoch; batch++)
            {
                expectedCallback.AddRange([$"batch_begin {batch}", $"batch_end {batch}", $"batch_end {batch} loss finite"]);
                expectedHooks.AddRange([$"batch_begin {batch}", $"batch_end {batch} running"]);
            }

            expectedCallback.Add($"epoch_end {epoch} validated");
            expectedHooks.Add($"epoch_end {epoch} validated");
        }

        expectedCallback.Add("train_end Completed");
        expectedHooks.Add("train_end Completed");
        Assert.Equal(expectedCallback, model.Callbacks.EventRecorder.Events);
        Assert.Equal(expectedHooks, model.HookEvents);
    }

    [Fact]
    public void Event_filters_fire_on_exactly_the_expected_epochs_and_batches()
    {
        manual_seed(1);
        var model = new FilteredModel();
        var (inputs, targets) = Data.Zeros(12, seed: 1);

        model.Fit(inputs, targets, batchSize: 4, epochs: 10, optim.SGD(model.parameters(), 0.01), nn.MSELoss(), progress: ProgressMode.Silent);

        // Every = 3 counts epochs from 1 (the 3rd, 6th, 9th: 0-based 2, 5, 8), from epoch 2 on.
        Assert.Equal([2, 5, 8], model.EveryThirdFromTwo);
        Assert.Equal([7, 8, 9], model.FromSeven);

        // 3 batches per epoch; every 4th batch counted across epochs: global 4, 8, ..., 28.
        Assert.Equal([(1, 0), (2, 1), (3, 2), (5, 0), (6, 1), (7, 2), (9, 0)], model.EveryFourthBatch);

        // EveryEpochs = 2 from epoch 1: epochs 1, 3, 5, 7, 9; EveryBatches = 5 from epoch 1: global batches 5, 10, ..., 30 (all past epoch 0).
        Assert.Equal([1, 3, 5, 7, 9], model.Callbacks.FilteredRecorder.Epochs);
        Assert.Equal(6, model.Callbacks.FilteredRecorder.Batches);
    }

    [Fact]
    public void TerminateOnNaN_stops_after_the_current_batch_and_still_runs_validation_and_epoch_end()
    {
        manual_seed(1);
        var model = new DivergingModel();
        var (inputs, targets) = Data.Zeros(16, seed: 1);

        var history = model.Fit(inputs, targets, batchSize: 4, epochs: 5, optim.SGD(model.parameters(), 0.01), NaNOnTrainingCall(6), validation: Data.Zeros(8, seed: 2), progress: ProgressMode.Silent);

        Assert.Equal(
            ["batch 0:0", "batch 0:1", "batch 0:2", "batch 0:3", "epoch_end 0 val_loss finite", "batch 1:0", "batch 1:1", "epoch_end 1 val_loss nan", "train_end Diverged"],
            model.Events);
        Assert.Equal(2, history.Count);
        Assert.Equal(TrainingEndReason.Diverged, history.End.Reason);
        Assert.Equal("[TerminateOnNaN]", history.End.StoppedBy);
        Assert.Equal((1, 1), model.Callbacks.TerminateOnNaN.TerminatedAt);
    }

    [Fact]
    public void TerminateOnNaN_with_raise_error_throws_after_OnTrainEnd_reports_the_failure()
    {
        manual_seed(1);
        var model = new RaisingModel();
        var (inputs, targets) = Data.Zeros(16, seed: 1);

        var error = Assert.Throws<Declarative.Callbacks.NonFiniteLossException>(() =>
            model.Fit(inputs, targets, batchSize: 4, epochs: 5, optim.SGD(model.parameters(), 0.01), NaNOnTrainingCall(3), progress: ProgressMode.Silent));

        Assert.Equal(2, error.Batch);
        Assert.Equal(["batch 0", "batch 1", "train_end Failed NonFiniteLossException"], model.Events);
    }

    // A loss that becomes NaN on the n-th training batch (validation runs under no_grad and is not counted).
    private static LossFunction NaNOnTrainingCall(int n)
    {
        var calls = 0;
        return new Func<Tensor, Tensor, Tensor>((output, target) =>
        {
            var loss = nn.functional.mse_loss(output, target);
            return is_grad_enabled() && ++calls >= n ? loss * double.NaN : loss;
        });
    }
}
