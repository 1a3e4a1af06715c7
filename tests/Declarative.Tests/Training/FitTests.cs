using Declarative.IO;
using Declarative.Tests.Models;
using Declarative.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace Declarative.Tests.Training;

/// <summary>Fit end to end on tiny models: the generated dispatcher, the training loop and the callbacks together.</summary>
[Collection(WorkingDirectoryCollection.Name)]
public class FitTests
{
    [Fact]
    public void Early_stopping_stops_at_the_scripted_epoch_and_the_model_holds_the_best_epochs_weights()
    {
        using var folder = new TemporaryWorkingDirectory();
        manual_seed(7);
        var model = new ScriptedModel(1.0, 0.5, 0.75, 0.625, 0.875, 0.25);
        var (inputs, targets) = Data.Zeros(32, seed: 1);

        var history = model.Fit(
            inputs, targets, batchSize: 8, epochs: 6, optim.SGD(model.parameters(), 0.1), nn.L1Loss(), validation: Data.Zeros(8, seed: 2));

        // Best at epoch 1 (0.5); epochs 2 and 3 do not improve; patience 2 runs out at the end of epoch 3.
        Assert.Equal([1.0, 0.5, 0.75, 0.625], history["val_loss"]);
        Assert.Equal(TrainingEndReason.Stopped, history.End.Reason);
        Assert.Equal(3, history.End.LastEpoch);
        Assert.StartsWith("[EarlyStopping(", history.End.StoppedBy);
        Assert.Equal(3, model.Callbacks.EarlyStopping.StoppedEpoch);
        Assert.Equal(1, model.Callbacks.EarlyStopping.BestEpoch);
        Assert.Equal(16, model.TrainingBatches);

        Assert.Equal(
            ["best-01-1.000.bin", "best-02-0.500.bin", "every-1.bin", "every-2.bin", "every-3.bin", "every-4.bin"],
            folder.Files("checkpoints"));
        Assert.Equal(Data.Weights(Load("checkpoints/every-2.bin")), Data.Weights(model));
        Assert.NotEqual(Data.Weights(Load("checkpoints/every-4.bin")), Data.Weights(model));
    }

    [Fact]
    public void Checkpoints_load_back_with_their_optimizer_state()
    {
        using var folder = new TemporaryWorkingDirectory();
        manual_seed(7);
        var model = new ScriptedModel(1.0, 0.5, 0.75);
        var optimizer = optim.Adam(model.parameters(), 0.01);
        model.Fit(Data.Zeros(16, seed: 1).Inputs, Data.Zeros(16, seed: 1).Targets, 8, 2, optimizer, nn.L1Loss(), validation: Data.Zeros(8, seed: 2));

        var restored = new ScriptedModel();
        var restoredOptimizer = optim.Adam(restored.parameters(), 0.01);
        Checkpoint.Load("checkpoints/best-02-0.500.bin", restored, restoredOptimizer);

        Assert.Equal(Data.Weights(model), Data.Weights(restored));
        Assert.Equal(optimizer.state_dict().State.Count, restoredOptimizer.state_dict().State.Count);
        Assert.Throws<InvalidDataException>(() => Checkpoint.Load("checkpoints/every-2.bin", new ScriptedModel(), optim.Adam(restored.parameters(), 0.01)));
    }

    [Fact]
    public void A_val_monitor_without_validation_data_fails_before_the_first_batch()
    {
        using var folder = new TemporaryWorkingDirectory();
        var model = new ScriptedModel(1.0);
        var (inputs, targets) = Data.Zeros(16, seed: 1);

        var error = Assert.Throws<TrainingConfigurationException>(() =>
            model.Fit(inputs, targets, 8, 3, optim.SGD(model.parameters(), 0.1), nn.L1Loss()));

        Assert.Contains("[EarlyStopping(Monitor = \"val_loss\", Patience = 2, RestoreBestWeights = true)] needs 'val_loss'", error.Message);
        Assert.Contains("Pass validation data to Fit", error.Message);
        Assert.Equal(0, model.TrainingBatches);
        Assert.Empty(folder.Files("checkpoints"));
    }

    [Fact]
    public void A_two_argument_schedule_sets_each_epochs_rate_from_the_optimizers_current_one()
    {
        var model = new HalvingModel();
        var optimizer = optim.SGD(model.parameters(), 0.1);
        var (inputs, targets) = Data.Zeros(16, seed: 1);

        var history = model.Fit(inputs, targets, 8, 3, optimizer, nn.MSELoss());

        Assert.Equal([0.05, 0.025, 0.0125], history["learning_rate"]);
        Assert.Equal([0.05, 0.025, 0.0125], history.Select(logs => logs.LearningRate));
        Assert.Equal(0.0125, optimizer.ParamGroups.Single().LearningRate);
    }

    [Fact]
    public void A_one_argument_schedule_gets_the_absolute_epoch()
    {
        var model = new InverseTimeModel();
        var optimizer = optim.SGD(model.parameters(), 1.0);
        var (inputs, targets) = Data.Zeros(16, seed: 1);

        var history = model.Fit(inputs, targets, 8, epochs: 4, optimizer, nn.MSELoss(), initialEpoch: 2);

        Assert.Equal([2, 3], history.Epochs);
        Assert.Equal([InverseTimeModel.InverseTime(2), InverseTimeModel.InverseTime(3)], history["learning_rate"]);
    }

    [Fact]
    public void Batch_level_checkpoints_count_batches_across_epochs_and_name_files_1_based()
    {
        using var folder = new TemporaryWorkingDirectory();
        manual_seed(3);
        var model = new BatchCheckpointModel();
        var (inputs, targets) = Data.Zeros(32, seed: 1);

        model.Fit(inputs, targets, batchSize: 8, epochs: 2, optim.SGD(model.parameters(), 0.05), nn.MSELoss(), shuffle: false);

        // 4 batches per epoch; every 3 batches: global batches 3 and 6 = epoch 1 batch 3, epoch 2 batch 2.
        Assert.Equal(["e1-b3.bin", "e2-b2.bin"], folder.Files("batches"));

        // Every 2 batches, only when the running loss improves; the first due batch always saves.
        var saved = folder.Files("best-batches").Select(f => f[..^4].Split('-')).Select(p => (Epoch: int.Parse(p[0]), Batch: int.Parse(p[1]), Loss: double.Parse(p[2])))
            .OrderBy(s => s.Epoch).ThenBy(s => s.Batch).ToList();
        Assert.Equal((1, 2), (saved[0].Epoch, saved[0].Batch));
        Assert.All(saved, s => Assert.True(s.Batch % 2 == 0));
        Assert.True(saved.Zip(saved.Skip(1)).All(pair => pair.Second.Loss < pair.First.Loss));
    }

    [Fact]
    public void Declared_metrics_are_exact_means_over_the_epoch()
    {
        manual_seed(11);
        var model = new BlobClassifier();
        var (inputs, targets) = Data.Blobs(256, seed: 1);
        var (validationInputs, validationTargets) = Data.Blobs(128, seed: 2);

        var history = model.Fit(inputs, targets, 32, 4, optim.Adam(model.parameters(), 0.01), nn.CrossEntropyLoss(), validation: (validationInputs, validationTargets));

        Assert.Equal(["loss", "accuracy", "confidence", "val_loss", "val_accuracy", "val_confidence", "learning_rate"], history.MetricNames);
        var last = history[^1];
        using var noGrad = no_grad();
        model.eval();
        using var output = model.call(validationInputs);
        Assert.Equal(output.argmax(1).eq(validationTargets).to_type(ScalarType.Float64).mean().item<double>(), last.ValAccuracy!.Value, 12);
        Assert.Equal(nn.functional.cross_entropy(output, validationTargets).item<float>(), last.ValLoss!.Value, 5);
        Assert.Equal(nn.functional.softmax(output, 1).gather(1, validationTargets.unsqueeze(1)).mean().item<float>(), last.ValConfidence!.Value, 5);
        Assert.True(last.ValAccuracy > 0.95, $"val_accuracy {last.ValAccuracy}");
        Assert.Equal(history.Select(l => l.Accuracy), history["accuracy"]);
    }

    [Fact]
    public void Regression_error_metrics_are_exact_means_over_the_epoch()
    {
        manual_seed(5);
        var model = new Regressor();
        var inputs = randn(64, 3);
        var targets = inputs.sum(1, keepdim: true);

        var history = model.Fit(inputs, targets, 16, 2, optim.SGD(model.parameters(), 0.01), nn.MSELoss(), validation: (inputs, targets));

        using var noGrad = no_grad();
        using var error = model.call(inputs) - targets;
        Assert.Equal(error.abs().mean().item<float>(), history[^1].ValMeanAbsoluteError!.Value, 5);
        Assert.Equal(error.square().mean().item<float>(), history[^1].ValMeanSquaredError!.Value, 5);
        Assert.Equal(history[^1].ValLoss!.Value, history[^1].ValMeanSquaredError!.Value, 6);
        Assert.Equal(["loss", "mean_absolute_error", "mean_squared_error", "val_loss", "val_mean_absolute_error", "val_mean_squared_error", "learning_rate"], history.MetricNames);
    }

    [Fact]
    public void Live_tensors_do_not_grow_with_the_number_of_epochs()
    {
        long Growth(int epochs)
        {
            manual_seed(11);
            var model = new BlobClassifier();
            var optimizer = optim.Adam(model.parameters(), 0.01);
            var (inputs, targets) = Data.Blobs(64, seed: 1);
            var (validationInputs, validationTargets) = Data.Blobs(32, seed: 2);
            var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            model.Fit(inputs, targets, 16, epochs, optimizer, nn.CrossEntropyLoss(), validation: (validationInputs, validationTargets));
            return DisposeScopeManager.Statistics.ThreadTotalLiveCount - before;
        }

        Assert.Equal(Growth(2), Growth(8));
    }

    [Fact]
    public void Cancellation_stops_between_batches_and_returns_the_completed_epochs()
    {
        manual_seed(1);
        var model = new HalvingModel();
        using var cancellation = new CancellationTokenSource();
        var (inputs, targets) = Data.Zeros(16, seed: 1);
        var data = new CancellingData(TrainingData.FromTensors(inputs, targets, 8), cancellation, cancelOnPass: 3);

        var history = model.Fit(data, 10, optim.SGD(model.parameters(), 0.1), nn.MSELoss(), cancellationToken: cancellation.Token);

        Assert.Equal(TrainingEndReason.Cancelled, history.End.Reason);
        Assert.Equal(2, history.Count);
        Assert.Equal(1, history.End.LastEpoch);
    }

    [Fact]
    public void List_and_dictionary_data_loaders_train_exactly_like_tensors()
    {
        var (inputs, targets) = Data.Zeros(24, seed: 1);
        targets = inputs * 3;

        float[][] Train(Func<TrainingData> data)
        {
            manual_seed(4);
            var model = new HalvingModel();
            model.Fit(data(), 2, optim.SGD(model.parameters(), 0.1), nn.MSELoss());
            return Data.Weights(model);
        }

        var fromTensors = Train(() => TrainingData.FromTensors(inputs, targets, 8, shuffle: false));
        var fromList = Train(() => torch.utils.data.DataLoader(torch.utils.data.TensorDataset(inputs, targets), 8));
        var fromDictionary = Train(() => torch.utils.data.DataLoader(new PairDataset(inputs, targets), 8));

        Assert.Equal(fromTensors, fromList);
        Assert.Equal(fromTensors, fromDictionary);
    }

    private static ScriptedModel Load(string path)
    {
        var model = new ScriptedModel();
        Checkpoint.Load(path, model);
        return model;
    }

    private sealed class CancellingData(TrainingData inner, CancellationTokenSource cancellation, int cancelOnPass) : TrainingData
    {
        private int _passes;

        public override long? BatchCount => inner.BatchCount;

        public override IEnumerator<(Tensor Input, Tensor Target)> GetBatches()
        {
            if (++_passes == cancelOnPass) cancellation.Cancel();
            return inner.GetBatches();
        }
    }

    private sealed class PairDataset(Tensor inputs, Tensor targets) : torch.utils.data.Dataset
    {
        public override long Count => inputs.shape[0];

        public override Dictionary<string, Tensor> GetTensor(long index) => new() { ["data"] = inputs[index], ["label"] = targets[index] };
    }
}
