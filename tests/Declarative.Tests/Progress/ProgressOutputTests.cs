using Declarative.Progress;
using Declarative.Tests.Models;
using Declarative.Tests.Support;
using Declarative.Training;
using static TorchSharp.torch;

namespace Declarative.Tests.Progress;

/// <summary>What Fit prints: a live bar in a terminal, plain lines when redirected, and what callbacks print.</summary>
public class ProgressOutputTests
{
    private static string Train(ProgressMode mode, int epochs = 3)
    {
        manual_seed(1);
        var model = new VerboseModel();
        var output = new StringWriter();
        var (inputs, targets) = Data.Zeros(16, seed: 1);
        model.Fit(inputs, targets, 4, epochs, optim.SGD(model.parameters(), 0.01), nn.MSELoss(), validation: Data.Zeros(4, seed: 2), progress: mode, output: output);
        return output.ToString();
    }

    [Theory]
    [InlineData(ProgressMode.Auto)]
    [InlineData(ProgressMode.Lines)]
    public void Redirected_output_gets_plain_lines_without_control_characters(ProgressMode mode)
    {
        var lines = Train(mode).Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);

        Assert.DoesNotContain(lines, line => line.Any(c => c < ' '));
        Assert.Equal(6, lines.Length);
        for (var epoch = 0; epoch < 3; epoch++)
        {
            Assert.Equal($"Epoch {epoch + 1}: LearningRateScheduler setting learning rate to 0.01.", lines[epoch * 2]);
            Assert.Matches($@"^Epoch {epoch + 1}/3 - 4/4 - \d+(ms|s) - \d+(us|ms|s)/step - loss: \S+ - val_loss: \S+ - learning_rate: 0\.0100$", lines[epoch * 2 + 1]);
        }
    }

    [Fact]
    public void The_bar_mode_draws_a_live_bar_and_keeps_one_line_per_epoch()
    {
        var output = Train(ProgressMode.Bar);

        Assert.Contains("\u001b[", output);
        Assert.Contains("━", output);
        for (var epoch = 1; epoch <= 3; epoch++)
        {
            Assert.Contains($"Epoch {epoch}/3 - 4/4 - ", output);
            // Above the bar, padded to its width so that no piece of it stays on screen.
            Assert.Matches($@"Epoch {epoch}: LearningRateScheduler setting learning rate to 0\.01\. +\n", output);
        }
    }

    [Fact]
    public void Silent_prints_only_what_callbacks_print()
    {
        var lines = Train(ProgressMode.Silent).Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length); // the scheduler's verbose line, once per epoch
        Assert.All(lines, line => Assert.StartsWith("Epoch ", line));
        Assert.All(lines, line => Assert.Contains("LearningRateScheduler", line));
    }

    [Fact]
    public void The_bar_reads_running_values_only_when_it_draws()
    {
        var clock = new ManualClock();
        var model = new VerboseModel();
        var (inputs, targets) = Data.Zeros(400, seed: 1);
        using var session = new TrainingSession(model, [("optimizer", optim.SGD(model.parameters(), 0.1))], TrainingData.FromTensors(inputs, targets, 4).BatchCount, hasValidation: false, 1, 0, MetricsOf<VerboseModelLogs>(), TextWriter.Null, default, []);
        var progress = new ProgressLogger(ProgressMode.Bar, new StringWriter(), clock);
        progress.OnTrainBegin<VerboseModelLogs>(session);
        progress.OnEpochBegin(0);

        // 100 batches of 30 ms each: a frame (and a read) every 100 ms, so on every 4th batch; never one per batch.
        for (var batch = 0; batch < 100; batch++)
        {
            session.OnTrainBatchUpdated();
            progress.OnTrainBatchEnd(batch);
            clock.Advance(TimeSpan.FromMilliseconds(30));
        }

        progress.OnTrainEnd();
        Assert.Equal(25, session.RunningReads);
    }

    // A resumed epoch counts the batches its backup had done: a run resumed after all of them prints the full count and
    // no time per step (it ran none), not "0/0 - 3s - -".
    [Theory]
    [InlineData(4, 0, "Epoch 1/1 (resumed after batch 4) - 4/4 - 0ms - loss: ")]
    [InlineData(1, 3, "Epoch 1/1 (resumed after batch 1) - 4/4 - 30ms - 10ms/step - loss: ")]
    public void A_resumed_epoch_counts_the_batches_done_before_and_times_only_those_run_since(int before, int after, string line)
    {
        var clock = new ManualClock();
        var model = new VerboseModel();
        var (inputs, targets) = Data.Zeros(16, seed: 1);
        using var session = new TrainingSession(model, [("optimizer", optim.SGD(model.parameters(), 0.1))], TrainingData.FromTensors(inputs, targets, 4).BatchCount, hasValidation: false, 1, 0, MetricsOf<VerboseModelLogs>(), TextWriter.Null, default, []);
        var output = new StringWriter();
        var progress = new ProgressLogger(ProgressMode.Lines, output, clock);
        progress.OnTrainBegin<VerboseModelLogs>(session);
        progress.OnEpochBegin(0, before);
        for (var batch = before; batch < before + after; batch++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(10));
            progress.OnTrainBatchEnd(batch);
        }

        progress.OnEpochEnd(0, new VerboseModelLogs { Epoch = 0, Loss = 0.5 });
        Assert.StartsWith(line, output.ToString());
    }

    private static IReadOnlyList<Declarative.Metrics.MetricInfo> MetricsOf<TLogs>() where TLogs : struct, Declarative.Training.ITrainingLogs<TLogs> => TLogs.Metrics;
}
