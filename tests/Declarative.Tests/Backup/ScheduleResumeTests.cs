using Declarative.Tests.Models;
using Declarative.Tests.Support;
using static TorchSharp.torch;

namespace Declarative.Tests.Backup;

/// <summary>
/// The per-step schedules in Fit, on runs of 3 epochs of 8 batches whose gradients accumulate in groups of 3 (3 optimizer
/// steps an epoch): they move once per optimizer step, not per batch, span the run's optimizer steps, show in
/// <c>learning_rate</c>, and a run cancelled (a backup at that point) and resumed by a new process's objects trains with
/// exactly the rates, momentums and weights of an uninterrupted one.
/// </summary>
[Collection(WorkingDirectoryCollection.Name)]
public class ScheduleResumeTests
{
    private const int Epochs = 3;

    [Fact]
    public void A_per_step_schedule_moves_once_per_group_of_accumulated_batches_and_spans_the_runs_optimizer_steps()
    {
        using var folder = new TemporaryWorkingDirectory();

        var run = Train(nameof(WarmupCosineRun), folder.Path, cancelAfter: -1);

        var schedule = ((WarmupCosineRun)run.Model).Callbacks.WarmupCosineSchedule;
        Assert.Equal(Epochs * 3, schedule.Length);
        Assert.Equal(Epochs * 3, schedule.Position);
        // Each epoch's batches in groups of 3, 3 and 2: a group trains with one rate, the rate of its optimizer step.
        long[] stepOfBatch = [0, 0, 0, 1, 1, 1, 2, 2];
        var expected = Enumerable.Range(0, Epochs).SelectMany(epoch => stepOfBatch.Select(step => schedule.RateAt((epoch * 3) + step, 0.05))).ToArray();
        Assert.Equal(expected, run.Rates);
        Assert.Equal([0, 0.025, 0.05], run.Rates.Take(7).Distinct().Order());
        // learning_rate is the optimizer's rate at the epoch's end: the rate the next step uses, as Keras logs a schedule's.
        Assert.Equal(Enumerable.Range(1, Epochs).Select(epoch => schedule.RateAt(epoch * 3, 0.05)), run.History.Select(logs => logs.LearningRate));
        Assert.Equal(0, run.History[^1].LearningRate);
    }

    [Fact]
    public void A_reduction_by_ReduceLROnPlateau_during_a_LinearSchedule_warmup_lowers_the_peak_the_warmup_reaches()
    {
        using var folder = new TemporaryWorkingDirectory();

        var run = Train(nameof(WarmupThenPlateauRun), folder.Path, cancelAfter: -1);

        // The factor goes from 0.25 to 1 over 8 steps: 0.25 + 0.75 t / 8. The flat metric never improves, so the rate is
        // halved at the second epoch's end (after 6 steps); the warmup goes on from there and ends at half the peak.
        static double Factor(int step) => 0.25 + (0.75 * step / 8);
        double[] groupRates = [.. Enumerable.Range(0, 6).Select(step => 0.05 * Factor(step)), 0.025 * Factor(6), 0.025 * Factor(7), 0.025];
        long[] stepOfBatch = [0, 0, 0, 1, 1, 1, 2, 2];
        var expected = Enumerable.Range(0, Epochs).SelectMany(epoch => stepOfBatch.Select(step => groupRates[(epoch * 3) + step])).ToArray();
        Assert.Equal(expected.Length, run.Rates.Length);
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], run.Rates[i], 1e-15);
        Assert.Equal(0.025, run.History[^1].LearningRate, 1e-15);
    }

    public static TheoryData<string, int> Interruptions => new()
    {
        { nameof(WarmupCosineRun), 4 },
        { nameof(WarmupCosineRun), 13 },
        { nameof(OneCycleRun), 7 },
        { nameof(OneCycleRun), 16 },
        { nameof(WarmupThenPlateauRun), 13 },
        { nameof(WarmupThenPlateauRun), 17 },
        { nameof(StepLRRun), 5 },
        { nameof(StepLRRun), 20 },
    };

    // Cancelled after batch 4, 5, 7, 13, 17 or 20 (mid-group: part of a group's gradients is in the backup), or 16 (an epoch's end).
    [Theory]
    [MemberData(nameof(Interruptions))]
    public void A_run_interrupted_and_resumed_trains_with_the_rates_momentums_and_weights_of_an_uninterrupted_one(string model, int cancelAfter)
    {
        using var folder = new TemporaryWorkingDirectory();
        var reference = Train(model, Path.Combine(folder.Path, "reference"), cancelAfter: -1);
        var interrupted = Path.Combine(folder.Path, "interrupted");

        var first = Train(model, interrupted, cancelAfter);
        Assert.Equal(TrainingEndReason.Cancelled, first.History.End.Reason);
        var resumed = Train(model, interrupted, cancelAfter: -1);

        Assert.Equal(TrainingEndReason.Completed, resumed.History.End.Reason);
        Assert.Equal(reference.Rates, first.Rates.Concat(resumed.Rates));
        Assert.Equal(reference.Momentums, first.Momentums.Concat(resumed.Momentums));
        Assert.Equal(reference.History.ToList(), resumed.History.ToList());
        Assert.Equal(reference.Weights, resumed.Weights);
    }

    private sealed record Run(ScheduledRunModel Model, History<ScheduledRunModelLogs> History, double[] Rates, double[] Momentums, float[][] Weights);

    // 64 samples in batches of 8, shuffled, with Adam at 0.05, from the same seeds every time.
    private static Run Train(string model, string folder, int cancelAfter)
    {
        Directory.CreateDirectory(folder);
        Environment.CurrentDirectory = folder;
        var (inputs, targets) = Data.Blobs(64, seed: 40);
        manual_seed(41);
        ScheduledRunModel created = model switch
        {
            nameof(WarmupCosineRun) => new WarmupCosineRun(),
            nameof(OneCycleRun) => new OneCycleRun(),
            nameof(WarmupThenPlateauRun) => new WarmupThenPlateauRun(),
            nameof(StepLRRun) => new StepLRRun(),
            _ => throw new ArgumentException(model),
        };
        created.CancelAfter = cancelAfter;
        var optimizer = optim.Adam(created.parameters(), 0.05);
        created.Optimizer = optimizer;
        var loss = nn.CrossEntropyLoss();
        var token = created.Cancellation.Token;
        var history = created switch
        {
            WarmupCosineRun run => run.Fit(inputs, targets, batchSize: 8, Epochs, optimizer, loss, progress: ProgressMode.Silent, cancellationToken: token),
            OneCycleRun run => run.Fit(inputs, targets, batchSize: 8, Epochs, optimizer, loss, progress: ProgressMode.Silent, cancellationToken: token),
            WarmupThenPlateauRun run => run.Fit(inputs, targets, batchSize: 8, Epochs, optimizer, loss, progress: ProgressMode.Silent, cancellationToken: token),
            StepLRRun run => run.Fit(inputs, targets, batchSize: 8, Epochs, optimizer, loss, progress: ProgressMode.Silent, cancellationToken: token),
            _ => throw new ArgumentException(model),
        };
        return new Run(created, history, [.. created.Seen.Select(s => s.Rate)], [.. created.Seen.Select(s => s.Momentum)], Data.Weights(created));
    }
}
