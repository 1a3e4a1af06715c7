using Declarative.Tests.Models;
using Declarative.Tests.Support;
using static TorchSharp.torch;

namespace Declarative.Tests.Backup;

/// <summary>
/// Runs of steps of the model's own, cancelled (a backup is written at that safe point) and resumed by a new model
/// object: they end exactly as uninterrupted runs, whether cancelled in the middle of a group of accumulated gradients
/// or with two optimizers a step drives by hand.
/// </summary>
[Collection(WorkingDirectoryCollection.Name)]
public class StepResumeTests
{
    // 8 batches an epoch in groups of 3: after batch 4 or 13 a group is under way, after 8 an epoch just ended, 3 ends a group.
    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(13)]
    public void A_step_with_accumulation_and_clipping_resumes_exactly_even_mid_group(int cancelAfter)
    {
        using var folder = new TemporaryWorkingDirectory();
        var reference = TrainAccumulating(Path.Combine(folder.Path, "reference"), cancelAfter: -1);
        var interrupted = Path.Combine(folder.Path, "interrupted");

        var first = TrainAccumulating(interrupted, cancelAfter);
        Assert.Equal(TrainingEndReason.Cancelled, first.History.End.Reason);
        var resumed = TrainAccumulating(interrupted, cancelAfter: -1);

        // 3 epochs of 8 batches in groups of 3, 3 and 2: 9 optimizer steps, counted on across the resume.
        Assert.Equal(Enumerable.Range(0, 9).Select(n => (long)n), reference.Model.Steps);
        Assert.Equal(reference.Model.Steps, first.Model.Steps.Concat(resumed.Model.Steps));
        Assert.Equal(reference.History.End, resumed.History.End);
        Assert.Equal(reference.History.ToList(), resumed.History.ToList());
        Assert.Equal(reference.Weights, resumed.Weights);
        RunArtifacts.AssertSame(Path.Combine(folder.Path, "reference"), interrupted);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(6)]
    public void A_step_with_two_optimizers_resumes_both_exactly(int cancelAfter)
    {
        using var folder = new TemporaryWorkingDirectory();
        var reference = TrainGan(Path.Combine(folder.Path, "reference"), cancelAfter: -1);
        var interrupted = Path.Combine(folder.Path, "interrupted");

        var first = TrainGan(interrupted, cancelAfter);
        Assert.Equal(TrainingEndReason.Cancelled, first.History.End.Reason);
        var resumed = TrainGan(interrupted, cancelAfter: -1);

        // A step that optimizes by hand counts one optimizer step per batch: 3 epochs of 4.
        Assert.Equal(Enumerable.Range(0, 12).Select(n => (long)n), reference.Model.Steps);
        Assert.Equal(reference.Model.Steps, first.Model.Steps.Concat(resumed.Model.Steps));
        Assert.Equal(reference.History.ToList(), resumed.History.ToList());
        Assert.Equal(reference.Weights, resumed.Weights);
        Assert.Equal(reference.DiscriminatorRate, resumed.DiscriminatorRate);
        Assert.Equal(File.ReadAllText(Path.Combine(folder.Path, "reference", "gan.csv")), File.ReadAllText(Path.Combine(interrupted, "gan.csv")));
        foreach (var checkpoint in Directory.GetFiles(Path.Combine(folder.Path, "reference"), "gan-*.bin"))
            Assert.True(File.ReadAllBytes(checkpoint).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(interrupted, Path.GetFileName(checkpoint)))), $"{Path.GetFileName(checkpoint)} differs");
    }

    // The optimizer-step hook runs after the step, before the end hooks of the batch that completed its group; an epoch's
    // last, shorter group steps after its last batch's end.
    [Fact]
    public void The_optimizer_step_hook_runs_once_per_group_of_accumulated_batches_before_the_batch_end()
    {
        using var folder = new TemporaryWorkingDirectory();

        var model = TrainAccumulating(Path.Combine(folder.Path, "run"), cancelAfter: -1).Model;

        Assert.Equal(["batch 0", "batch 1", "step 0", "batch 2", "batch 3", "batch 4", "step 1", "batch 5", "batch 6", "batch 7", "step 2", "batch 0"], model.Events.Take(12));
    }

    private static (History<ResumableStepModelLogs> History, float[][] Weights, ResumableStepModel Model) TrainAccumulating(string folder, int cancelAfter)
    {
        Directory.CreateDirectory(folder);
        Environment.CurrentDirectory = folder;
        var (inputs, targets) = Data.Blobs(64, seed: 30);
        var (validationInputs, validationTargets) = Data.Blobs(16, seed: 34);
        manual_seed(31);
        var model = new ResumableStepModel { CancelAfter = cancelAfter };
        var history = model.Fit(TrainingData.FromTensors(inputs, targets, 8), 3, optim.Adam(model.parameters(), 0.05),
            validation: TrainingData.FromTensors(validationInputs, validationTargets, 8, shuffle: false), progress: ProgressMode.Silent, cancellationToken: model.Cancellation.Token);
        return (history, Data.Weights(model), model);
    }

    private static (History<GanModelLogs> History, float[][] Weights, double DiscriminatorRate, GanModel Model) TrainGan(string folder, int cancelAfter)
    {
        Directory.CreateDirectory(folder);
        Environment.CurrentDirectory = folder;
        var real = randn(32, 2, generator: new TorchSharp.torch.Generator(32)) * 0.1 + 1;
        manual_seed(33);
        var model = new GanModel { CancelAfter = cancelAfter };
        var generator = optim.Adam(model.Generator.parameters(), 0.01);
        var discriminator = optim.Adam(model.Discriminator.parameters(), 0.01);
        var history = model.Fit(TrainingData.FromTensors(real, 8), 3, generator, discriminator, progress: ProgressMode.Silent, cancellationToken: model.Cancellation.Token);
        return (history, Data.Weights(model), discriminator.ParamGroups.First().LearningRate, model);
    }
}
