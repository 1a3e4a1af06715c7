using Declarative.Tests.Models;
using Declarative.Tests.Support;
using static TorchSharp.torch;

namespace Declarative.Tests.Backup;

/// <summary>
/// Weight averaging resumes exactly: a run cancelled mid-epoch, or in the middle of a validation pass (where the
/// averaged weights are swapped in: the backup written then must hold the model's own weights, nequip#590), and resumed
/// by new objects, as a new process would, ends with the weights, the averaged weights and the History of a run never
/// interrupted.
/// </summary>
[Collection(WorkingDirectoryCollection.Name)]
public sealed class AveragingResumeTests
{
    [Theory]
    [InlineData(7, null)]
    [InlineData(null, 2)]
    public void An_exponential_average_resumes_to_the_weights_and_average_of_an_uninterrupted_run(int? cancelAfterBatches, int? cancelInValidationPass)
    {
        using var folder = new TemporaryWorkingDirectory();
        var reference = TrainEma(Path.Combine(folder.Path, "reference"));

        var interrupted = Path.Combine(folder.Path, "interrupted");
        var first = TrainEma(interrupted, cancelAfterBatches, cancelInValidationPass);
        Assert.Equal(TrainingEndReason.Cancelled, first.End);
        var resumed = TrainEma(interrupted);

        Assert.Equal(TrainingEndReason.Completed, resumed.End);
        Assert.Equal(reference.Weights, resumed.Weights);
        Assert.Equal(reference.Averaged, resumed.Averaged);
        Assert.Equal(reference.ValLosses, resumed.ValLosses);
    }

    // 3 epochs of 5 batches, shuffled, validated, from the same seeds every time; the weights with the batch-norm statistics.
    private static (TrainingEndReason End, float[][] Weights, float[][] Averaged, double?[] ValLosses) TrainEma(string folder, int? cancelAfterBatches = null, int? cancelInValidationPass = null)
    {
        Directory.CreateDirectory(folder);
        Environment.CurrentDirectory = folder;
        manual_seed(3);
        var model = new EmaResumeModel { CancelAfterBatches = cancelAfterBatches, CancelInValidationPass = cancelInValidationPass };
        var (inputs, targets) = Data.Blobs(40, seed: 4);
        var history = model.Fit(inputs, targets, 8, 3, optim.Adam(model.parameters(), 0.05), nn.CrossEntropyLoss(), Data.Blobs(16, seed: 5),
            progress: ProgressMode.Silent, cancellationToken: model.Cancellation.Token);
        return (history.End.Reason, State(model.state_dict()), State(model.Callbacks.EMAWeightAveraging.Average.ToStateDictionary()), history.Select(e => e.ValLoss).ToArray());
    }

    [Fact]
    public void Stochastic_weight_averaging_resumes_to_the_weights_and_batch_norm_statistics_of_an_uninterrupted_run()
    {
        using var folder = new TemporaryWorkingDirectory();
        var reference = TrainSwa(Path.Combine(folder.Path, "reference"), cancelAfterBatches: null);

        var interrupted = Path.Combine(folder.Path, "interrupted");
        var first = TrainSwa(interrupted, cancelAfterBatches: 9);
        Assert.Equal(TrainingEndReason.Cancelled, first.End);
        var resumed = TrainSwa(interrupted, cancelAfterBatches: null);

        Assert.Equal(TrainingEndReason.Completed, resumed.End);
        Assert.Equal(reference.Weights, resumed.Weights);
        Assert.Equal(reference.LearningRates, resumed.LearningRates);
    }

    // 4 epochs of 4 batches, shuffled; averaging from epoch 1.
    private static (TrainingEndReason End, float[][] Weights, double[] LearningRates) TrainSwa(string folder, int? cancelAfterBatches)
    {
        Directory.CreateDirectory(folder);
        Environment.CurrentDirectory = folder;
        manual_seed(7);
        var model = new SwaModel { CancelAfterBatches = cancelAfterBatches };
        var (inputs, targets) = Data.Blobs(32, seed: 6);
        var history = model.Fit(inputs, targets, 8, 4, optim.SGD(model.parameters(), 0.2, momentum: 0.9), nn.CrossEntropyLoss(),
            progress: ProgressMode.Silent, cancellationToken: model.Cancellation.Token);
        return (history.End.Reason, State(model.state_dict()), history.Select(e => e.LearningRate).ToArray());
    }

    private static float[][] State(IDictionary<string, Tensor> state) =>
        state.Values.Select(t => t.detach().cpu().to_type(ScalarType.Float32).data<float>().ToArray()).ToArray();
}
