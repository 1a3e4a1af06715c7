using Declarative.Tests.Models;
using Declarative.Tests.Support;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Declarative.Tests.Training;

/// <summary>
/// What only the run can know is checked at train begin, before the first batch, with a message naming the attribute and
/// the fix; callbacks learn why training ended; a second Fit starts afresh; nothing leaks.
/// </summary>
[Collection(WorkingDirectoryCollection.Name)]
public class RunChecksTests
{
    private static (Tensor, Tensor) Samples(int count) => Data.Zeros(count, seed: 1);

    [Fact]
    public void A_folder_that_cannot_be_created_fails_before_the_first_batch()
    {
        using var folder = new TemporaryWorkingDirectory();
        File.WriteAllText("blocked", "a file where the folder should be");
        var model = new BlockedCsvModel();
        var (inputs, targets) = Samples(8);

        var error = Assert.Throws<TrainingConfigurationException>(() =>
            model.Fit(inputs, targets, 4, 2, optim.SGD(model.parameters(), 0.1), nn.MSELoss(), progress: ProgressMode.Silent));

        Assert.Contains("[CsvLogger(\"blocked/history.csv\")] writes to", error.Message);
        Assert.Contains("cannot be created", error.Message);
        Assert.Contains("Choose a folder this process can write to", error.Message);
        Assert.Equal(0, model.Batches);
    }

    [Fact]
    public void A_backup_folder_that_cannot_be_created_fails_before_the_first_batch()
    {
        using var folder = new TemporaryWorkingDirectory();
        File.WriteAllText("blocked", string.Empty);
        var model = new BlockedBackupModel();
        var (inputs, targets) = Samples(8);

        var error = Assert.Throws<TrainingConfigurationException>(() =>
            model.Fit(inputs, targets, 4, 2, optim.SGD(model.parameters(), 0.1), nn.MSELoss(), progress: ProgressMode.Silent));
        Assert.Contains("[BackupAndRestore(\"blocked/backup\")]", error.Message);
    }

    [Fact]
    public void A_validation_placeholder_without_validation_data_fails_before_the_first_batch()
    {
        using var folder = new TemporaryWorkingDirectory();
        var model = new ValidationPlaceholderModel();
        var (inputs, targets) = Samples(8);

        var error = Assert.Throws<TrainingConfigurationException>(() =>
            model.Fit(inputs, targets, 4, 2, optim.SGD(model.parameters(), 0.1), nn.MSELoss(), progress: ProgressMode.Silent));
        Assert.Contains("needs 'val_loss'", error.Message);
        Assert.Empty(folder.Files("checkpoints"));
    }

    [Fact]
    public void A_schedule_with_an_optimizer_whose_rate_cannot_be_set_fails_before_the_first_batch()
    {
        var model = new HalvingModel();
        var (inputs, targets) = Samples(8);

        var error = Assert.Throws<TrainingConfigurationException>(() =>
            model.Fit(inputs, targets, 4, 2, new NoParameterGroups(), nn.MSELoss(), progress: ProgressMode.Silent));
        Assert.Contains("[LearningRateScheduler(nameof(Halve))] sets the learning rate, but NoParameterGroups has no parameter groups", error.Message);
    }

    [Fact]
    public void OnTrainEnd_is_told_that_training_was_cancelled_or_failed()
    {
        var model = new EndRecordingModel();
        var (inputs, targets) = Samples(8);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        var history = model.Fit(inputs, targets, 4, 3, optim.SGD(model.parameters(), 0.1), nn.MSELoss(), progress: ProgressMode.Silent, cancellationToken: cancelled.Token);
        var failure = new InvalidOperationException("the loss broke");
        var thrown = Assert.Throws<InvalidOperationException>(() =>
            model.Fit(inputs, targets, 4, 3, optim.SGD(model.parameters(), 0.1), new Func<Tensor, Tensor, Tensor>((_, _) => throw failure), progress: ProgressMode.Silent));

        Assert.Same(failure, thrown);
        Assert.Equal(TrainingEndReason.Cancelled, history.End.Reason);
        Assert.Equal([TrainingEndReason.Cancelled, TrainingEndReason.Failed], model.Ends.Select(e => e.Reason));
        Assert.Same(failure, model.Ends[1].Exception);
    }

    [Fact]
    public void A_second_Fit_resets_every_callback_instead_of_carrying_a_stale_best_over()
    {
        using var folder = new TemporaryWorkingDirectory();
        manual_seed(2);
        var model = new ScriptedModel(0.125, 0.25, 0.375, /* second run */ 0.5, 0.4375, 0.375, 0.3125);
        var (inputs, targets) = Samples(8);

        var first = model.Fit(inputs, targets, 4, 10, optim.SGD(model.parameters(), 0.1), nn.L1Loss(), validation: Samples(4), progress: ProgressMode.Silent);
        Assert.Equal(TrainingEndReason.Stopped, first.End.Reason);

        // With the first run's best (0.125) kept, as Keras did, this run would stop after its second epoch and save nothing.
        var second = model.Fit(inputs, targets, 4, 4, optim.SGD(model.parameters(), 0.1), nn.L1Loss(), validation: Samples(4), progress: ProgressMode.Silent);

        Assert.Equal(TrainingEndReason.Completed, second.End.Reason);
        Assert.Equal([0.5, 0.4375, 0.375, 0.3125], second["val_loss"]);
        Assert.Equal(0.3125, model.Callbacks.EarlyStopping.Best);
        Assert.Equal(3, model.Callbacks.EarlyStopping.BestEpoch);
        Assert.Equal(0.3125, model.Callbacks.ModelCheckpoint.Best);
        Assert.Contains("best-04-0.312.bin", folder.Files("checkpoints"));
    }

    [Fact]
    public void With_every_callback_live_tensors_are_flat_from_epoch_2_to_epoch_20_and_batch_tensors_do_not_survive()
    {
        using var folder = new TemporaryWorkingDirectory();
        manual_seed(4);
        var model = new LeakCheckModel();
        var (inputs, targets) = Data.Blobs(32, seed: 1);

        model.Fit(inputs, targets, 16, 20, optim.Adam(model.parameters(), 0.01), nn.CrossEntropyLoss(), validation: Data.Blobs(16, seed: 2), progress: ProgressMode.Silent);

        Assert.Equal(20, model.LiveTensorsAtEpochEnd.Count);
        Assert.Equal(model.LiveTensorsAtEpochEnd[1], model.LiveTensorsAtEpochEnd[19]);
        Assert.Equal(40, model.Callbacks.TensorHoarder.Kept.Count);
        Assert.All(model.Callbacks.TensorHoarder.Kept, tensor => Assert.True(tensor.IsInvalid, "a tensor made during a batch outlived it"));
    }

    private sealed class NoParameterGroups : OptimizerHelper
    {
        public override Tensor step(Func<Tensor>? closure = null) => null!;
    }
}
