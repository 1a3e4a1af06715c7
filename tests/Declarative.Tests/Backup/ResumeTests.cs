using Declarative.ResumeHost;
using Declarative.Tests.Support;
using static TorchSharp.torch;

namespace Declarative.Tests.Backup;

/// <summary>
/// A run interrupted at a safe point (cancellation writes a backup there) and resumed by a new model object makes the
/// same decisions as an uninterrupted run: same History, checkpoints, CSV, TensorBoard values and final weights.
/// The integration tests do the same with a process killed at arbitrary points.
/// </summary>
[Collection(WorkingDirectoryCollection.Name)]
public class ResumeTests
{
    private static (History<ResumableModelLogs> History, float[][] Weights, List<(int, int)> Sampled) Run(string folder, CancellationToken cancellationToken = default, bool backgroundSaves = false)
    {
        Directory.CreateDirectory(folder);
        Environment.CurrentDirectory = folder;
        manual_seed(5);
        var model = new ResumableModel();
        var history = ResumableModel.Train(model, cancellationToken, backgroundSaves: backgroundSaves);
        return (history, Data.Weights(model), model.Sampled);
    }

    // Cancelled after the n-th batch, or at the end of the n-th epoch (then the next epoch begins, draws its data order
    // and stops before its first batch).
    [Theory]
    [InlineData(1, false, false)]
    [InlineData(6, false, false)]
    [InlineData(17, false, false)]
    [InlineData(40, false, false)]
    [InlineData(63, false, false)]
    [InlineData(2, true, false)]
    [InlineData(7, true, false)]
    [InlineData(17, false, true)]
    [InlineData(2, true, true)]
    public void A_run_cancelled_at_any_point_and_resumed_ends_exactly_like_an_uninterrupted_one(int cancelAfter, bool epochs, bool backgroundSaves)
    {
        using var folder = new TemporaryWorkingDirectory();
        var reference = Run(Path.Combine(folder.Path, "reference"));
        var interrupted = Path.Combine(folder.Path, "interrupted");
        using var cancellation = new CancellationTokenSource();
        Action<int> cancel = n => { if (n == cancelAfter) cancellation.Cancel(); };
        if (epochs) Interrupter.AfterEpoch = cancel;
        else Interrupter.AfterBatch = cancel;
        List<(int, int)> sampledBeforeCancel;
        try
        {
            var first = Run(interrupted, cancellation.Token, backgroundSaves);
            Assert.Equal(TrainingEndReason.Cancelled, first.History.End.Reason);
            Assert.True(File.Exists(Path.Combine(interrupted, "backup", "backup.bin")));
            sampledBeforeCancel = first.Sampled;
        }
        finally
        {
            Interrupter.AfterBatch = null;
            Interrupter.AfterEpoch = null;
        }

        var resumed = Run(interrupted, backgroundSaves: backgroundSaves);

        // The backup was made exactly where training stopped, so the filtered hook's runs add up to the uninterrupted ones.
        Assert.Equal(reference.Sampled, sampledBeforeCancel.Concat(resumed.Sampled));
        Assert.Equal(reference.History.End, resumed.History.End);
        Assert.Equal(reference.History.ToList(), resumed.History.ToList());
        Assert.Equal(reference.Weights, resumed.Weights);
        RunArtifacts.AssertSame(Path.Combine(folder.Path, "reference"), interrupted);
        Assert.False(Directory.Exists(Path.Combine(interrupted, "backup")));
        // Among them, the two best by val_accuracy, the last file and the manifest naming them, byte for byte.
        var checkpoints = Directory.GetFiles(Path.Combine(interrupted, "checkpoints")).Select(Path.GetFileName).ToList();
        Assert.Equal(2, checkpoints.Count(name => name!.StartsWith("r-", StringComparison.Ordinal)));
        Assert.Contains("last.bin", checkpoints);
        Assert.Contains(Declarative.IO.CheckpointManifest.FileName, checkpoints);
    }

    // Cancelled after batch 8 (epoch 1's batch 2), resumed and cancelled again 3 batches later, before epoch 1 ends (the
    // second process writes no CSV row and no epoch's events), then resumed to the end: nothing of the first process's
    // output may be lost.
    [Fact]
    public void A_run_cancelled_twice_in_one_epoch_ends_exactly_like_an_uninterrupted_one()
    {
        using var folder = new TemporaryWorkingDirectory();
        var reference = Run(Path.Combine(folder.Path, "reference"));
        var interrupted = Path.Combine(folder.Path, "interrupted");
        foreach (var cancelAfter in new[] { 8, 3 })
        {
            using var cancellation = new CancellationTokenSource();
            Interrupter.AfterBatch = n => { if (n == cancelAfter) cancellation.Cancel(); };
            try
            {
                Assert.Equal(TrainingEndReason.Cancelled, Run(interrupted, cancellation.Token).History.End.Reason);
            }
            finally
            {
                Interrupter.AfterBatch = null;
            }
        }

        var resumed = Run(interrupted);

        Assert.Equal(reference.History.ToList(), resumed.History.ToList());
        Assert.Equal(reference.Weights, resumed.Weights);
        RunArtifacts.AssertSame(Path.Combine(folder.Path, "reference"), interrupted);
    }

    [Fact]
    public void A_resumed_run_with_another_configuration_fails_before_training_and_keeps_the_backup()
    {
        using var folder = new TemporaryWorkingDirectory();
        using var cancellation = new CancellationTokenSource();
        Interrupter.AfterBatch = n => { if (n == 10) cancellation.Cancel(); };
        try
        {
            Run(folder.Path, cancellation.Token);
        }
        finally
        {
            Interrupter.AfterBatch = null;
        }

        var other = new Declarative.Tests.Models.OtherConfigurationModel();
        var ((inputs, targets), validation) = ResumableModel.Data();
        var error = Assert.Throws<TrainingConfigurationException>(() =>
            other.Fit(inputs, targets, 16, 20, optim.Adam(other.parameters(), 0.005), nn.CrossEntropyLoss(), validation: validation, progress: ProgressMode.Silent));
        Assert.Contains("another callback configuration", error.Message);
        Assert.Contains("added [EarlyStopping(Monitor = \"val_loss\", Patience = 5)]", error.Message);
        Assert.True(File.Exists(Path.Combine(folder.Path, "backup", "backup.bin")));
    }
}
