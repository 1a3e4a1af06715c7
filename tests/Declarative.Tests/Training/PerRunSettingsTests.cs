using Declarative.Tests.Models;
using Declarative.Tests.Support;
using static TorchSharp.torch;

namespace Declarative.Tests.Training;

/// <summary>
/// Every setting that changes which hooks a built-in callback needs, changed for one run, takes effect: the dispatcher
/// calls every hook of a callback's type, whatever the declared settings use. Each run: 3 epochs of 4 batches.
/// </summary>
[Collection(WorkingDirectoryCollection.Name)]
public sealed class PerRunSettingsTests
{
    private static History<PerRunModelLogs> Fit(PerRunModel model, PerRunModel.DeclaredCallbacks? callbacks = null, TextWriter? output = null)
    {
        manual_seed(11);
        var (inputs, targets) = Data.Blobs(32, seed: 1);
        return model.Fit(inputs, targets, batchSize: 8, epochs: 3, optim.SGD(model.parameters(), 0.1), nn.CrossEntropyLoss(),
            validation: Data.Blobs(16, seed: 2), shuffle: false, progress: ProgressMode.Silent, output: output, callbacks: callbacks);
    }

    [Fact]
    public void A_checkpoint_declared_per_epoch_saves_every_N_batches_when_a_run_sets_SaveFrequency()
    {
        using var folder = new TemporaryWorkingDirectory();
        var model = new PerRunModel();

        Fit(model, new() { ModelCheckpoint = new(new("checkpoints/{epoch}-{batch}.bin") { SaveFrequency = 2 }) });

        Assert.Equal(["1-2.bin", "1-4.bin", "2-2.bin", "2-4.bin", "3-2.bin", "3-4.bin"], folder.Files("checkpoints"));
    }

    [Fact]
    public void A_timer_declared_for_epoch_ends_stops_after_a_batch_when_a_run_sets_the_batch_interval()
    {
        using var folder = new TemporaryWorkingDirectory();
        var model = new PerRunModel();

        // The clock moves a minute per batch, after the timer's check: the check after the third batch sees 2 minutes.
        var history = Fit(model, new() { Timer = new(new("00:02:00") { Interval = TimerInterval.Batch }) { Time = model.Clock } });

        Assert.Equal(3, model.Batches);
        Assert.Equal(TrainingEndReason.Stopped, history.End.Reason);
        Assert.Equal("[Timer(\"00:02:00\")]", history.End.StoppedBy); // Batch is the default interval
        Assert.Single(history);
    }

    [Fact]
    public void A_schedule_declared_per_optimizer_step_moves_at_epoch_beginnings_when_a_run_sets_the_epoch_interval()
    {
        using var folder = new TemporaryWorkingDirectory();
        var model = new WarmupCosineRun();
        var optimizer = optim.Adam(model.parameters(), 0.05);
        model.Optimizer = optimizer;
        var (inputs, targets) = Data.Blobs(32, seed: 1);

        model.Fit(inputs, targets, batchSize: 8, epochs: 3, optimizer, nn.CrossEntropyLoss(), progress: ProgressMode.Silent,
            callbacks: new() { WarmupCosineSchedule = new(new() { WarmupSteps = 1, Interval = ScheduleInterval.Epoch }) });

        // 4 batches an epoch, each epoch at one rate: the warmup's start, the peak, then halfway down the cosine.
        double[] expected = [0, 0, 0, 0, 0.05, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.025];
        Assert.Equal(expected.Length, model.Seen.Count);
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], model.Seen[i].Rate, 1e-15);
    }

    [Fact]
    public void EarlyStopping_declared_without_restoring_restores_the_best_weights_when_a_run_sets_RestoreBestWeights()
    {
        using var folder = new TemporaryWorkingDirectory();
        var model = new PerRunModel();

        // The learning rate never changes, so its first epoch stays the best: its weights are the ones restored.
        var stopping = new Declarative.Callbacks.EarlyStopping<PerRunModelLogs>(PerRunModelLogs.Monitors.LearningRate, new() { Mode = MonitorMode.Max, Patience = 100, RestoreBestWeights = true });
        var history = Fit(model, new() { EarlyStopping = stopping });

        Assert.Equal(TrainingEndReason.Completed, history.End.Reason);
        Assert.Equal(0, stopping.BestEpoch);
        Assert.NotEqual(model.EpochWeights[0], model.EpochWeights[^1]);
        Assert.Equal(model.EpochWeights[0], Data.Weights(model));
    }

    [Fact]
    public void EarlyStopping_declared_silent_reports_its_stop_when_a_run_sets_Verbose()
    {
        using var folder = new TemporaryWorkingDirectory();
        var model = new PerRunModel();
        var output = new StringWriter();

        var history = Fit(model, new() { EarlyStopping = new(PerRunModelLogs.Monitors.LearningRate, new() { Mode = MonitorMode.Min, Patience = 1, Verbose = true }) }, output);

        Assert.Equal(TrainingEndReason.Stopped, history.End.Reason);
        Assert.Contains("Epoch 2: early stopping", output.ToString());
    }

    [Fact]
    public void TensorBoard_declared_for_epoch_values_writes_running_batch_values_when_a_run_sets_UpdateFrequency()
    {
        using var folder = new TemporaryWorkingDirectory();

        Fit(new PerRunModel(), new() { TensorBoard = new(new("tensorboard") { UpdateFrequency = 2 }) });

        var steps = EventFiles.Scalars(Path.Combine(folder.Path, "tensorboard", "train")).Where(s => s.Tag == "batch_loss").Select(s => s.Step);
        Assert.Equal([2L, 4, 6, 8, 10, 12], steps);
    }

    [Fact]
    public void TensorBoard_declared_without_histograms_writes_them_when_a_run_sets_HistogramFrequency()
    {
        using var folder = new TemporaryWorkingDirectory();

        Fit(new PerRunModel(), new() { TensorBoard = new(new("tensorboard") { HistogramFrequency = 2 }) });

        var histograms = EventFiles.Read(Path.Combine(folder.Path, "tensorboard", "train"))
            .Where(e => e.Summary is not null)
            .SelectMany(e => e.Summary.Value.Where(v => v.Tag == "_layer.weight/histogram").Select(_ => e.Step));
        Assert.Equal([0L, 2], histograms);
    }

    [Fact]
    public void Backups_declared_at_epoch_ends_come_every_N_batches_when_a_run_sets_SaveFrequency()
    {
        using var folder = new TemporaryWorkingDirectory();
        var declared = new PerRunModel();
        Fit(declared);
        var run = new PerRunModel.DeclaredCallbacks { BackupAndRestore = new(new("backup") { SaveFrequency = 3 }) };

        Fit(new PerRunModel(), run);

        // One backup at train begin, then one per epoch as declared, or one every 3 of the 12 batches for the run.
        Assert.Equal(1 + 3, declared.Callbacks.BackupCounter.Saves);
        Assert.Equal(1 + 4, run.BackupCounter.Saves);
    }

    [Fact]
    public void A_checkpoint_declared_silent_reports_each_save_when_a_run_sets_Verbose()
    {
        using var folder = new TemporaryWorkingDirectory();
        var output = new StringWriter();

        Fit(new PerRunModel(), new() { ModelCheckpoint = new(new("checkpoints/epoch-{epoch}.bin") { SaveWeightsOnly = true, Verbose = true }) }, output);

        Assert.Contains("Epoch 3: finished saving model to checkpoints/epoch-3.bin", output.ToString());
    }

    [Fact]
    public void A_backup_declared_to_be_deleted_on_completion_is_kept_when_a_run_says_so()
    {
        using var folder = new TemporaryWorkingDirectory();
        Fit(new PerRunModel());
        Assert.Empty(folder.Files("backup"));

        Fit(new PerRunModel(), new() { BackupAndRestore = new(new("backup") { DeleteOnCompletion = false }) });

        Assert.NotEmpty(folder.Files("backup"));
    }
}
