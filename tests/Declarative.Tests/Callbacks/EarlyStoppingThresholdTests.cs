using Declarative.Callbacks;
using Declarative.Tests.Models;
using Declarative.Tests.Support;

namespace Declarative.Tests.Callbacks;

/// <summary>
/// EarlyStopping's stops from Lightning (stopping_threshold, divergence_threshold, check_finite) and the reason it
/// gives for every stop.
/// </summary>
public class EarlyStoppingThresholdTests
{
    private const MetricDirection Min = MetricDirection.Minimize;
    private const MetricDirection Max = MetricDirection.Maximize;

    private static EarlyStopping<SequenceModelLogs> Create(
        MetricDirection direction, int patience = 10, double stopping = double.NaN, double divergence = double.NaN, bool checkFinite = false, int startFromEpoch = 0, bool verbose = false) =>
        new(SequenceModelLogs.Monitors.Value, new EarlyStoppingAttribute
        {
            Mode = Sessions.Mode(direction),
            Patience = patience,
            StoppingThreshold = stopping,
            DivergenceThreshold = divergence,
            CheckFinite = checkFinite,
            StartFromEpoch = startFromEpoch,
            RestoreBestWeights = true,
            Verbose = verbose,
        });

    // (values, direction, patience, stopping threshold, divergence threshold, check finite, expected stop epoch or -1, expected reason)
    public static TheoryData<string, double[], MetricDirection, int, double, double, bool, int, EarlyStoppingReason> Sequences => new()
    {
        { "below the stopping threshold stops at once", [1.0, 0.5, 0.09, 0.05], Min, 10, 0.1, double.NaN, false, 2, EarlyStoppingReason.ThresholdReached },
        { "reaching the threshold exactly does not stop (strict, as Lightning)", [1.0, 0.1, 0.1], Min, 10, 0.1, double.NaN, false, -1, EarlyStoppingReason.NotStopped },
        { "the threshold stops at epoch 0 too", [0.05], Min, 10, 0.1, double.NaN, false, 0, EarlyStoppingReason.ThresholdReached },
        { "above the stopping threshold in max mode", [0.5, 0.96], Max, 10, 0.95, double.NaN, false, 1, EarlyStoppingReason.ThresholdReached },
        { "above the divergence threshold stops at once", [1.0, 0.8, 5.5], Min, 10, double.NaN, 5.0, false, 2, EarlyStoppingReason.Diverged },
        { "below the divergence threshold in max mode", [0.5, 0.6, 0.05], Max, 10, double.NaN, 0.1, false, 2, EarlyStoppingReason.Diverged },
        { "NaN with CheckFinite stops at once", [1.0, double.NaN], Min, 10, double.NaN, double.NaN, true, 1, EarlyStoppingReason.NotFinite },
        { "infinity with CheckFinite stops at once", [1.0, double.PositiveInfinity], Min, 10, double.NaN, 5.0, true, 1, EarlyStoppingReason.NotFinite },
        { "infinity without CheckFinite is only past the divergence threshold", [1.0, double.PositiveInfinity], Min, 10, double.NaN, 5.0, false, 1, EarlyStoppingReason.Diverged },
        { "NaN without CheckFinite waits for patience, as in Keras", [1.0, double.NaN, double.NaN], Min, 2, double.NaN, double.NaN, false, 2, EarlyStoppingReason.PatienceExhausted },
        { "patience still stops when no threshold is reached", [1.0, 1.1, 1.2], Min, 2, 0.1, 5.0, true, 2, EarlyStoppingReason.PatienceExhausted },
    };

    [Theory]
    [MemberData(nameof(Sequences))]
    public void Stops_at_once_on_the_rule_that_applies_and_says_which(
        string because, double[] values, MetricDirection direction, int patience, double stopping, double divergence, bool checkFinite, int expectedStop, EarlyStoppingReason expectedReason)
    {
        using var session = Sessions.Create();
        var callback = Create(direction, patience, stopping, divergence, checkFinite);
        callback.OnTrainBegin(session);
        var stoppedAt = -1;
        for (var epoch = 0; epoch < values.Length && stoppedAt < 0; epoch++)
        {
            callback.OnEpochEnd(epoch, Sessions.Logs(epoch, values[epoch]));
            if (session.StopRequested) stoppedAt = epoch;
        }

        Assert.True(expectedStop == stoppedAt, $"{because}: stopped at {stoppedAt}, expected {expectedStop}");
        Assert.True(expectedReason == callback.StopReason, $"{because}: {callback.StopReason}, expected {expectedReason}");
        var endReason = expectedReason is EarlyStoppingReason.Diverged or EarlyStoppingReason.NotFinite ? TrainingEndReason.Diverged : TrainingEndReason.Stopped;
        if (stoppedAt >= 0) Assert.Equal(endReason, session.StopReason);
    }

    [Fact]
    public void The_epoch_that_reaches_the_goal_is_the_best_one_and_its_weights_are_kept()
    {
        var callback = Create(Min, stopping: 0.1);
        callback.Decide(0, 1.0);
        var decision = callback.Decide(1, 0.05);
        Assert.True(decision.Improved);
        Assert.True(decision.CaptureWeights);
        Assert.Equal(EarlyStoppingReason.ThresholdReached, decision.Stop);
        Assert.Equal(1, callback.BestEpoch);
    }

    [Fact]
    public void Epochs_before_start_from_epoch_are_ignored_by_the_thresholds_too()
    {
        var callback = Create(Min, stopping: 0.1, divergence: 5.0, checkFinite: true, startFromEpoch: 2);
        Assert.False(callback.Decide(0, 0.01).StopTraining);
        Assert.False(callback.Decide(1, double.NaN).StopTraining);
        Assert.Equal(EarlyStoppingReason.ThresholdReached, callback.Decide(2, 0.01).Stop);
    }

    [Fact]
    public void The_verbose_message_names_the_rule_and_keeps_keras_words_for_patience()
    {
        var output = new StringWriter();
        using var session = Sessions.Create(output);
        var callback = Create(Min, divergence: 5.0, verbose: true);
        callback.OnTrainBegin(session);
        callback.OnEpochEnd(0, Sessions.Logs(0, 1.0));
        callback.OnEpochEnd(1, Sessions.Logs(1, 7.5));
        callback.OnTrainEnd(new TrainingEnd(session.StopReason, 1, session.StoppedBy));
        Assert.StartsWith("Epoch 2: early stopping: value passed the divergence threshold 5.0." + Environment.NewLine, output.ToString());
    }

    [Fact]
    public void A_second_run_forgets_the_reason()
    {
        using var session = Sessions.Create();
        var callback = Create(Min, stopping: 0.1);
        callback.OnTrainBegin(session);
        callback.OnEpochEnd(0, Sessions.Logs(0, 0.05));
        Assert.Equal(EarlyStoppingReason.ThresholdReached, callback.StopReason);
        callback.OnTrainBegin(session);
        Assert.Equal(EarlyStoppingReason.NotStopped, callback.StopReason);
    }

    [Fact]
    public void The_reason_survives_a_backup()
    {
        using var session = Sessions.Create();
        var callback = Create(Min, divergence: 5.0);
        callback.OnTrainBegin(session);
        callback.OnEpochEnd(0, Sessions.Logs(0, 1.0));
        callback.OnEpochEnd(1, Sessions.Logs(1, 6.0));
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) callback.SaveState(writer);

        var resumed = Create(Min, divergence: 5.0);
        resumed.OnTrainBegin(session);
        stream.Position = 0;
        using (var reader = new BinaryReader(stream)) resumed.LoadState(reader);
        Assert.Equal(EarlyStoppingReason.Diverged, resumed.StopReason);
        Assert.Equal(1, resumed.StoppedEpoch);
        Assert.Equal(1.0, resumed.Best);
    }

    [Theory]
    [InlineData(Min, 1.0, 0.5)]
    [InlineData(Max, 0.5, 1.0)]
    public void A_divergence_threshold_on_the_better_side_of_the_goal_is_rejected(MetricDirection direction, double stopping, double divergence)
    {
        var error = Assert.Throws<ArgumentException>(() => Create(direction, stopping: stopping, divergence: divergence));
        Assert.Contains($"values of value are better, so the divergence threshold must be {(direction == Min ? "above" : "below")} the stopping threshold", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Create(Min, stopping: double.PositiveInfinity));
    }
}
