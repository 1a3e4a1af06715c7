using Declarative.ResumeHost;
using Declarative.Tests.Models;
using Declarative.Tests.Support;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Declarative.Tests.Backup;

/// <summary>
/// Every optimizer Fit drives, with the options that give it state, resumes exactly: a run cancelled in its second
/// epoch (a backup at that point) and resumed by new model and optimizer objects, as a new process would, ends with the
/// weights and the optimizer state of a run never interrupted. (SGD with momentum and RMSprop once lost the state they
/// create when it is loaded, and failed at the first step after a resume.)
/// </summary>
[Collection(WorkingDirectoryCollection.Name)]
public sealed class OptimizerResumeTests
{
    public static TheoryData<string> Names => new(Optimizers.Names);

    [Theory]
    [MemberData(nameof(Names))]
    public void A_run_interrupted_and_resumed_ends_with_the_weights_and_optimizer_state_of_an_uninterrupted_one(string optimizer)
    {
        using var folder = new TemporaryWorkingDirectory();
        var reference = Train(Path.Combine(folder.Path, "reference"), optimizer);

        var interrupted = Path.Combine(folder.Path, "interrupted");
        var first = Train(interrupted, optimizer, cancelAfterBatches: 7);
        Assert.Equal(TrainingEndReason.Cancelled, first.End);
        var resumed = Train(interrupted, optimizer);

        Assert.Equal(TrainingEndReason.Completed, resumed.End);
        Assert.Equal(reference.Weights, resumed.Weights);
        Assert.Equal(reference.OptimizerState, resumed.OptimizerState);
    }

    // 3 epochs of 5 batches, shuffled, from the same seeds every time.
    private static (TrainingEndReason End, float[][] Weights, byte[] OptimizerState) Train(string folder, string optimizer, int? cancelAfterBatches = null)
    {
        Directory.CreateDirectory(folder);
        Environment.CurrentDirectory = folder;
        manual_seed(3);
        var model = new OptimizerResumeModel { CancelAfterBatches = cancelAfterBatches };
        var optimizing = Optimizers.Create(optimizer, model.parameters());
        var (inputs, targets) = Data.Blobs(40, seed: 4);
        var history = model.Fit(inputs, targets, batchSize: 8, epochs: 3, optimizing, nn.CrossEntropyLoss(),
            progress: ProgressMode.Silent, cancellationToken: model.Cancellation.Token);
        using var state = new MemoryStream();
        using (var writer = new BinaryWriter(state, System.Text.Encoding.UTF8, leaveOpen: true)) ((OptimizerHelper)optimizing).save_state_dict(writer);
        return (history.End.Reason, Data.Weights(model), state.ToArray());
    }
}
