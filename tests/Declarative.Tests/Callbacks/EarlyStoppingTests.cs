using Declarative.Callbacks;
using Declarative.Tests.Models;
using Declarative.Tests.Support;
using static TorchSharp.torch;

namespace Declarative.Tests.Callbacks;

/// <summary>EarlyStopping's decisions, driven by sequences of monitored values (keras-callbacks.md §2.1).</summary>
public class EarlyStoppingTests
{
    private const MetricDirection Min = MetricDirection.Minimize;
    private const MetricDirection Max = MetricDirection.Maximize;

    // (values, direction, patience, minDelta, baseline, startFromEpoch, expected stop epoch or -1, expected best epoch)
    public static TheoryData<string, double[], MetricDirection, int, double, double?, int, int, int> Sequences => new()
    {
        { "patience counts non-improving epochs after the best", [1.0, 0.9, 0.9, 0.9, 0.9], Min, 2, 0, null, 0, 3, 1 },
        { "patience 0 behaves like patience 1", [1.0, 1.1, 1.2], Min, 0, 0, null, 0, 1, 0 },
        { "patience 1", [1.0, 1.1, 1.2], Min, 1, 0, null, 0, 1, 0 },
        { "an improving epoch resets the wait", [1.0, 1.1, 0.9, 1.0, 1.0], Min, 2, 0, null, 0, 4, 2 },
        { "an improvement of exactly min_delta is not an improvement", [1.0, 0.75, 0.5], Min, 1, 0.25, null, 0, 1, 0 },
        { "an improvement larger than min_delta counts", [1.0, 0.7, 0.4, 0.4], Min, 1, 0.25, null, 0, 3, 2 },
        { "a negative min_delta is used as its absolute value", [1.0, 0.75, 0.5], Min, 1, -0.25, null, 0, 1, 0 },
        { "max mode", [0.5, 0.625, 0.625, 0.5], Max, 1, 0, null, 0, 2, 1 },
        { "max mode with min_delta: current - delta must exceed best", [0.5, 0.75, 1.0], Max, 1, 0.25, null, 0, 1, 0 },
        { "a baseline never reached: the first plateau stops at once", [1.0, 0.9, 0.8, 0.8], Min, 2, 0, 0.5, 0, 3, 2 },
        { "a baseline never reached never stops an improving run", [1.0, 0.9, 0.8, 0.7, 0.6], Min, 1, 0, 0.5, 0, -1, 4 },
        { "beating the baseline resets the wait", [1.0, 0.4, 0.45, 0.45], Min, 2, 0, 0.5, 0, 3, 1 },
        { "epochs before start_from_epoch are ignored, even if better", [0.1, 0.2, 1.0, 1.1, 1.2], Min, 1, 0, null, 2, 3, 2 },
        { "epoch 0 never stops", [1.0], Min, 0, 0, null, 0, -1, 0 },
        { "patience that never runs out", [1.0, 0.5, 0.7, 0.8], Min, 10, 0, null, 0, -1, 1 },
        { "NaN counts toward patience and never improves", [1.0, double.NaN, double.NaN], Min, 2, 0, null, 0, 2, 0 },
        { "a leading NaN is not the best (unlike Keras, where nothing could beat it)", [double.NaN, 1.0, 0.9, 0.95], Min, 1, 0, null, 0, 3, 2 },
        { "NaN in max mode", [0.5, double.NaN], Max, 1, 0, null, 0, 1, 0 },
    };

    private static EarlyStopping<SequenceModelLogs> Create(
        MetricDirection direction, int patience = 0, double minDelta = 0, double? baseline = null, int startFromEpoch = 0, bool restoreBestWeights = false, bool verbose = false) =>
        new(SequenceModelLogs.Monitors.Value, new EarlyStoppingAttribute
        {
            Mode = Sessions.Mode(direction),
            Patience = patience,
            MinDelta = minDelta,
            Baseline = baseline ?? double.NaN,
            StartFromEpoch = startFromEpoch,
            RestoreBestWeights = restoreBestWeights,
            Verbose = verbose,
        });

    [Theory]
    [MemberData(nameof(Sequences))]
    public void Stops_and_picks_the_best_epoch_as_keras_does(
        string because, double[] values, MetricDirection direction, int patience, double minDelta, double? baseline, int startFromEpoch, int expectedStop, int expectedBest)
    {
        using var session = Sessions.Create();
        var stopping = Create(direction, patience, minDelta, baseline, startFromEpoch, restoreBestWeights: true);
        stopping.OnTrainBegin(session);
        var stoppedAt = -1;
        for (var epoch = 0; epoch < values.Length && stoppedAt < 0; epoch++)
        {
            stopping.OnEpochEnd(epoch, Sessions.Logs(epoch, values[epoch]));
            if (session.StopRequested) stoppedAt = epoch;
        }

        Assert.True(expectedStop == stoppedAt, $"{because}: stopped at {stoppedAt}, expected {expectedStop}");
        Assert.True(expectedBest == stopping.BestEpoch, $"{because}: best epoch {stopping.BestEpoch}, expected {expectedBest}");
        Assert.Equal(Math.Max(stoppedAt, 0), stopping.StoppedEpoch);
        if (stoppedAt >= 0) Assert.Equal(stopping.Description, session.StoppedBy);
    }

    [Fact]
    public void Wait_is_incremented_before_the_test()
    {
        var stopping = Create(Min, patience: 5);
        stopping.Decide(0, 1.0);
        Assert.Equal(0, stopping.Wait);
        stopping.Decide(1, 2.0);
        stopping.Decide(2, 2.0);
        Assert.Equal(2, stopping.Wait);
        Assert.Equal(1.0, stopping.Best);
    }

    [Fact]
    public void Weights_are_captured_at_the_first_monitored_epoch_and_at_each_improvement()
    {
        var stopping = Create(Min, patience: 10, restoreBestWeights: true);
        var captures = new[] { double.NaN, 1.0, 1.5, 0.5, 0.5 }
            .Select((value, epoch) => stopping.Decide(epoch, value).CaptureWeights)
            .ToArray();
        Assert.Equal([true, true, false, true, false], captures);
    }

    [Fact]
    public void Nothing_is_captured_without_restore_best_weights()
    {
        var stopping = Create(Min, patience: 10);
        Assert.False(stopping.Decide(0, 1.0).CaptureWeights);
        Assert.False(stopping.WillRestore(TrainingEndReason.Completed));
    }

    [Theory]
    [InlineData(TrainingEndReason.Completed, true)]
    [InlineData(TrainingEndReason.Stopped, true)]
    [InlineData(TrainingEndReason.Diverged, true)]
    [InlineData(TrainingEndReason.Cancelled, true)]
    [InlineData(TrainingEndReason.Failed, false)]
    public void Best_weights_are_restored_after_any_graceful_end(TrainingEndReason reason, bool restores)
    {
        using var session = Sessions.Create();
        var weight = session.Model.parameters().First();
        var stopping = Create(Min, patience: 10, restoreBestWeights: true);
        stopping.OnTrainBegin(session);
        using (no_grad()) weight.fill_(1.0f);
        stopping.OnEpochEnd(0, Sessions.Logs(0, 0.5));
        using (no_grad()) weight.fill_(2.0f);
        stopping.OnEpochEnd(1, Sessions.Logs(1, 0.7));

        stopping.OnTrainEnd(new TrainingEnd(reason, 1));

        Assert.Equal(restores, stopping.WillRestore(reason));
        Assert.Equal(restores ? 1.0f : 2.0f, weight.item<float>());
    }

    [Fact]
    public void The_best_epoch_is_unknown_before_the_first_monitored_epoch_not_epoch_0()
    {
        var stopping = Create(Min, startFromEpoch: 2);
        Assert.Null(stopping.BestEpoch);
        stopping.Decide(0, 1.0);
        Assert.Null(stopping.BestEpoch);
        stopping.Decide(2, 1.0);
        Assert.Equal(2, stopping.BestEpoch);
    }

    [Fact]
    public void Nothing_is_restored_before_the_first_monitored_epoch()
    {
        var stopping = Create(Min, startFromEpoch: 5, restoreBestWeights: true);
        stopping.Decide(0, 1.0);
        Assert.False(stopping.WillRestore(TrainingEndReason.Completed));
    }

    [Fact]
    public void A_second_run_starts_from_scratch()
    {
        using var session = Sessions.Create();
        var stopping = Create(Min, patience: 1);
        stopping.OnTrainBegin(session);
        stopping.Decide(0, 0.1);
        Assert.True(stopping.Decide(1, 0.2).StopTraining);

        // A stale best of 0.1 would stop this run at epoch 1 (Keras issues 20256 and 20521).
        stopping.OnTrainBegin(session);
        Assert.Null(stopping.Best);
        Assert.Equal(0, stopping.StoppedEpoch);
        Assert.False(stopping.Decide(0, 1.0).StopTraining);
        Assert.False(stopping.Decide(1, 0.9).StopTraining);
        Assert.Equal(1, stopping.BestEpoch);
    }

    [Fact]
    public void Verbose_messages_are_keras_messages_with_1_based_epochs_that_also_give_the_0_based_best_epoch()
    {
        var output = new StringWriter();
        using var session = Sessions.Create(output);
        var stopping = Create(Min, patience: 1, restoreBestWeights: true, verbose: true);
        stopping.OnTrainBegin(session);
        stopping.OnEpochEnd(0, Sessions.Logs(0, 1.0));
        stopping.OnEpochEnd(1, Sessions.Logs(1, 1.0));
        stopping.OnTrainEnd(new TrainingEnd(TrainingEndReason.Stopped, 1));
        Assert.Equal(
            "Epoch 2: early stopping" + Environment.NewLine +
            $"Restoring model weights from the end of the best epoch: 1 (shown as \"Epoch 1/{session.Epochs}\"; BestEpoch = 0, counted from 0)." + Environment.NewLine,
            output.ToString());
    }

    [Theory]
    [InlineData("backup", "the backup in backup keeps the latest state to resume from.")]
    [InlineData(null, "the latest state is not kept (with [BackupAndRestore], a backup would keep it to resume from).")]
    public void After_a_cancellation_the_message_says_the_model_holds_the_best_weights_and_where_the_latest_state_is(string? backups, string latest)
    {
        var output = new StringWriter();
        using var session = Sessions.Create(output);
        session.BackupFolder = backups;
        var stopping = Create(Min, patience: 5, restoreBestWeights: true, verbose: true);
        stopping.OnTrainBegin(session);
        stopping.OnEpochEnd(0, Sessions.Logs(0, 1.0));
        stopping.OnEpochEnd(1, Sessions.Logs(1, 2.0));
        stopping.OnTrainEnd(new TrainingEnd(TrainingEndReason.Cancelled, 1));
        Assert.StartsWith("Training was cancelled. The model in memory now holds the weights from the end of the best epoch: 1 (", output.ToString());
        Assert.Contains(latest, output.ToString());
        Assert.DoesNotContain("Restoring", output.ToString());
    }

    [Fact]
    public void Invalid_settings_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Create(Min, patience: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Create(Min, startFromEpoch: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Create(Min, minDelta: double.NaN));
        var noDirection = Assert.Throws<ArgumentException>(() => new EarlyStopping<SequenceModelLogs>(SequenceModelLogs.Monitors.Value));
        Assert.Contains("'value' does not declare whether smaller or larger is better", noDirection.Message);
        // The monitor argument says what is watched; settings naming another value point at the monitor that reads it.
        var otherMonitor = Assert.Throws<ArgumentException>(() => new EarlyStopping<SequenceModelLogs>(SequenceModelLogs.Monitors.Loss, new() { Monitor = "val_loss" }));
        Assert.Contains("sets Monitor = \"val_loss\", but the callback is given the monitor SequenceModelLogs.Monitors.Loss ('loss')", otherMonitor.Message);
        Assert.Contains("new(SequenceModelLogs.Monitors.ValLoss, settings)", otherMonitor.Message);
    }

    [Fact]
    public void A_val_monitor_without_validation_data_fails_at_train_begin_naming_the_callback()
    {
        using var session = Sessions.Create(hasValidation: false);
        var stopping = new EarlyStopping<SequenceModelLogs>(SequenceModelLogs.Monitors.ValLoss, new() { Patience = 3 });
        var error = Assert.Throws<TrainingConfigurationException>(() => stopping.OnTrainBegin(session));
        Assert.Contains("[EarlyStopping(Monitor = \"val_loss\", Patience = 3)] needs 'val_loss'", error.Message);
    }
}
