using Declarative.Tests.Models;
using Declarative.Tests.Support;
using static TorchSharp.torch;

namespace Declarative.Tests.Backup;

/// <summary>
/// A run cancelled in the middle of a validation pass that draws random numbers (shuffled validation data) resumes
/// exactly: the backup records the generator as it was when the pass began, so the resumed run, which runs the pass
/// again, draws what the uninterrupted run drew. (It once recorded the generator from partway through the pass, and the
/// resumed run's next epochs shuffled differently.)
/// </summary>
[Collection(WorkingDirectoryCollection.Name)]
public sealed class ValidationResumeTests
{
    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 2)]
    public void A_run_cancelled_during_a_shuffled_validation_pass_resumes_exactly(int pass, int batch)
    {
        using var folder = new TemporaryWorkingDirectory();
        var reference = Train(Path.Combine(folder.Path, "reference"));

        var interrupted = Path.Combine(folder.Path, "interrupted");
        var first = Train(interrupted, (pass, batch));
        Assert.Equal(TrainingEndReason.Cancelled, first.History.End.Reason);
        Assert.Equal(pass - 1, first.History.Count);
        var resumed = Train(interrupted);

        Assert.Equal(reference.History.ToList(), resumed.History.ToList());
        Assert.Equal(reference.Weights, resumed.Weights);
    }

    // 4 epochs of 4 training batches, shuffled, and 4 validation batches, shuffled too.
    private static (History<ShuffledValidationModelLogs> History, float[][] Weights) Train(string folder, (int, int)? cancelInValidation = null)
    {
        Directory.CreateDirectory(folder);
        Environment.CurrentDirectory = folder;
        manual_seed(6);
        var model = new ShuffledValidationModel { CancelInValidation = cancelInValidation };
        var (inputs, targets) = Data.Blobs(32, seed: 7);
        var (validationInputs, validationTargets) = Data.Blobs(16, seed: 8);
        var history = model.Fit(TrainingData.FromTensors(inputs, targets, 8, shuffle: true), 4, optim.Adam(model.parameters(), 0.01), nn.CrossEntropyLoss(),
            validation: TrainingData.FromTensors(validationInputs, validationTargets, 4, shuffle: true), progress: ProgressMode.Silent, cancellationToken: model.Cancellation.Token);
        return (history, Data.Weights(model));
    }
}
