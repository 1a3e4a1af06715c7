using Classifier;
using Declarative.Tests.Support;
using static TorchSharp.torch;

namespace Declarative.Tests.Samples;

/// <summary>
/// The main sample's own callback keeps its values in the model's backups (IPersistentState, as DCB0032 asks): a run
/// cancelled in the middle of an epoch and resumed prints the same gradient-norm series as one never interrupted.
/// </summary>
[Collection(WorkingDirectoryCollection.Name)]
public sealed class GradientNormLoggerTests
{
    private const string SeriesLine = "Gradient norm, mean of sampled batches per epoch: ";

    // 8 training batches per epoch of fixed data, in a fixed order; the callback samples every 10th batch.
    private static readonly ((Tensor, Tensor)[] Train, (Tensor, Tensor)[] Validation) Data = Make();

    private static ((Tensor, Tensor)[], (Tensor, Tensor)[]) Make()
    {
        using var generator = new Generator(3);
        var (inputs, targets) = Spirals.Make(160, classes: 3, noiseDimensions: 2, labelNoise: 0, generator);
        var batches = Enumerable.Range(0, 10).Select(i => (inputs[TensorIndex.Slice(i * 16, (i + 1) * 16)], targets[TensorIndex.Slice(i * 16, (i + 1) * 16)])).ToArray();
        return (batches[..8], batches[8..]);
    }

    // Trains 4 epochs, cancelling just before the given global batch; returns the series the callback printed at the end.
    private static (TrainingEndReason End, string Series) Train(int cancelAt = 0)
    {
        manual_seed(1);
        var model = new Mlp(inputs: 4, classes: 3, hidden: 16);
        using var cancellation = new CancellationTokenSource();
        var fetched = 0;
        IEnumerable<(Tensor Input, Tensor Target)> Batches()
        {
            foreach (var batch in Data.Train)
            {
                if (++fetched == cancelAt) cancellation.Cancel();
                yield return batch;
            }
        }

        var output = new StringWriter();
        var history = model.Fit(TrainingData.From(Batches()), epochs: 4, optim.SGD(model.parameters(), 0.05), nn.CrossEntropyLoss(),
            validation: TrainingData.From(Data.Validation), progress: ProgressMode.Silent, output: output, cancellationToken: cancellation.Token);
        var series = output.ToString().Split(Environment.NewLine).Single(line => line.StartsWith(SeriesLine, StringComparison.Ordinal));
        return (history.End.Reason, series[SeriesLine.Length..]);
    }

    [Fact]
    public void A_resumed_run_prints_the_series_of_an_uninterrupted_one()
    {
        using var folder = new TemporaryWorkingDirectory();
        var (_, uninterrupted) = Train();
        Directory.Delete("runs", recursive: true);

        var (cancelled, partial) = Train(cancelAt: 13);
        var (_, resumed) = Train();

        Assert.Equal(TrainingEndReason.Cancelled, cancelled);
        Assert.Equal(3, uninterrupted.Split(", ").Length); // batches 10, 20 and 30: epochs 1, 2 and 3
        Assert.StartsWith(partial.Split(", ")[0], uninterrupted);
        Assert.Equal(uninterrupted, resumed);
    }
}
