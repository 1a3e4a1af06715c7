using Declarative.Tests.Support;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Declarative.Tests.Backup;

/// <summary>A tiny model backed up at epoch ends, which records the epochs its runs end and can cancel itself after a number of batches.</summary>
[BackupAndRestore("backup")]
public partial class RestartingModel : nn.Module<Tensor, Tensor>
{
    private readonly Linear _layer = nn.Linear(2, 2);

    public RestartingModel() : base(nameof(RestartingModel)) => RegisterComponents();

    /// <summary>The epochs whose end this model saw, in order, over all its runs.</summary>
    public List<int> EpochsEnded { get; } = [];

    /// <summary>Cancelled after <see cref="CancelAfterBatches"/> training batches of this model.</summary>
    public CancellationTokenSource Cancellation { get; } = new();

    public int? CancelAfterBatches { get; set; }

    private int _batches;

    public override Tensor forward(Tensor input) => _layer.call(input);

    [OnEpochEnd]
    private void Ended(int epoch) => EpochsEnded.Add(epoch);

    [OnTrainBatchEnd]
    private void BatchEnded(int batch)
    {
        if (++_batches == CancelAfterBatches) Cancellation.Cancel();
    }

    /// <summary>Trains 5 epochs of 2 batches on fixed data, with the run's callbacks (the declared ones by default).</summary>
    public History<RestartingModelLogs> Train(DeclaredCallbacks? callbacks = null, TextWriter? output = null)
    {
        manual_seed(1);
        var (inputs, targets) = (randn(16, 2), randint(0, 2, 16));
        return Fit(inputs, targets, batchSize: 8, epochs: 5, optim.SGD(parameters(), 0.1), nn.CrossEntropyLoss(),
            progress: ProgressMode.Silent, output: output ?? TextWriter.Null, cancellationToken: Cancellation.Token, callbacks: callbacks);
    }
}

/// <summary>
/// A model that a backup resumed carries nothing of that resume into its next run: Keras's BackupAndRestore sets
/// <c>model._initial_epoch</c> and never clears it, so a later <c>fit()</c> of that model without the callback starts at
/// the restored epoch; here the epoch a run starts at is that run's (its backup's, or <c>initialEpoch</c>).
/// </summary>
[Collection(WorkingDirectoryCollection.Name)]
public sealed class FitAfterResumeTests
{
    [Fact]
    public void A_later_fit_without_the_backup_of_a_model_a_backup_resumed_starts_at_its_own_first_epoch()
    {
        using var folder = new TemporaryWorkingDirectory();
        // Cancelled in the middle of epoch 1 (0-based), after its first batch: the cancellation's backup is there.
        var interrupted = new RestartingModel { CancelAfterBatches = 3 };
        Assert.Equal(TrainingEndReason.Cancelled, interrupted.Train().End.Reason);
        Assert.True(File.Exists(Path.Combine("backup", "backup.bin")));

        var model = new RestartingModel();
        var output = new StringWriter();
        var resumed = model.Train(output: output);
        // The resume happened, and said where (counting from 1, as messages do, and the batches done): this model ended
        // epochs 1 to 4 only, and its History holds the backup's epoch 0 too.
        Assert.StartsWith($"BackupAndRestore: resuming at epoch 2, after its batch 1, from {Path.Combine("backup", "backup.bin")}.", output.ToString());
        Assert.Equal([1, 2, 3, 4], model.EpochsEnded);
        Assert.Equal([0, 1, 2, 3, 4], resumed.Select(logs => logs.Epoch));

        model.EpochsEnded.Clear();
        var later = model.Train(new() { BackupAndRestoreEnabled = false });

        Assert.Equal(TrainingEndReason.Completed, later.End.Reason);
        Assert.Equal([0, 1, 2, 3, 4], model.EpochsEnded);
        Assert.Equal([0, 1, 2, 3, 4], later.Select(logs => logs.Epoch));
    }
}
