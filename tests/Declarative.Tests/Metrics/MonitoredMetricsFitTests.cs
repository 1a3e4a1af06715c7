using Declarative.Tests.Models;
using Declarative.Tests.Support;
using static TorchSharp.torch;

namespace Declarative.Tests.Metrics;

/// <summary>
/// The new metrics through Fit: EarlyStopping watches val_auc and ModelCheckpoint val_f1_score (directions inferred, the
/// file named by the value), every metric reaches History and the CSV, the epoch's values are those of the whole
/// validation data, and a run cancelled in the middle of an epoch resumes to the same values.
/// </summary>
[Collection(WorkingDirectoryCollection.Name)]
public sealed class MonitoredMetricsFitTests
{
    [Fact]
    public void Callbacks_monitor_val_auc_and_val_f1_score_and_every_metric_is_logged()
    {
        using var folder = new TemporaryWorkingDirectory();
        var (model, history) = Train(folder.Path);

        Assert.Equal(MetricDirection.Maximize, model.Callbacks.EarlyStopping.Direction);
        var aucs = history.Select(logs => logs.ValAuc!.Value).ToList();
        Assert.Equal(aucs.Max(), model.Callbacks.EarlyStopping.Best);
        var f1 = history.Select(logs => logs.ValF1Score!.Value).ToList();
        Assert.True(f1.Distinct().Count() > 1, string.Join(", ", f1));
        var best = history[f1.IndexOf(f1.Max())];
        Assert.True(File.Exists($"best-{best.Epoch + 1}-{best.ValF1Score:0.000}.bin"), string.Join(", ", Directory.GetFiles(".")));

        var header = File.ReadLines("history.csv").First().Split(',');
        foreach (var name in new[] { "auc", "f1_score", "top_k_categorical_accuracy", "weighted_precision", "val_auc", "val_f1_score", "val_top_k_categorical_accuracy", "val_weighted_precision", "balanced_accuracy", "val_balanced_accuracy" })
        {
            Assert.Contains(name, header);
            Assert.Contains(name, history.MetricNames);
        }

        // The last epoch's values are those of the final weights over the whole validation data (read once, at the epoch's end).
        var (inputs, classes) = Validation();
        using var predicted = model.Predict(inputs, batchSize: 64, progress: ProgressMode.Silent);
        using var topTwo = predicted.topk(2, -1).indexes;
        var inTopTwo = topTwo.eq(classes.unsqueeze(1)).any(1).to_type(ScalarType.Float64).mean().item<double>();
        Assert.Equal(inTopTwo, history[^1].ValTopKCategoricalAccuracy!.Value, 12);
        var hits = predicted.argmax(-1).eq(classes);
        var recalls = Enumerable.Range(0, 3).Select(c => hits[classes.eq(c)].to_type(ScalarType.Float64).mean().item<double>());
        Assert.Equal(recalls.Average(), history[^1].ValBalancedAccuracy!.Value, 12);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(10)]
    public void A_run_cancelled_in_the_middle_of_an_epoch_resumes_to_the_same_metric_values(int cancelAfterBatch)
    {
        using var folder = new TemporaryWorkingDirectory();
        var (_, reference) = Train(Path.Combine(folder.Path, "reference"));

        var interrupted = Path.Combine(folder.Path, "interrupted");
        var (_, first) = Train(interrupted, cancelAfterBatch);
        Assert.Equal(TrainingEndReason.Cancelled, first.End.Reason);
        var (_, resumed) = Train(interrupted);

        Assert.Equal(reference.ToList(), resumed.ToList());
        Assert.Equal(File.ReadAllText(Path.Combine(folder.Path, "reference", "history.csv")), File.ReadAllText(Path.Combine(interrupted, "history.csv")));
    }

    [Fact]
    public void EarlyStopping_monitors_val_r2_score_which_is_the_r2_of_the_validation_predictions()
    {
        manual_seed(5);
        using var generator = new TorchSharp.torch.Generator(3);
        using var weights = tensor(new float[,] { { 1, -2 }, { 0.5f, 1 }, { -1, 0 } });
        var inputs = randn(80, 3, generator: generator);
        var targets = inputs.matmul(weights) + randn(80, 2, generator: generator) * 0.3;
        var model = new R2Model();

        var history = model.Fit(inputs[..60], targets[..60], batchSize: 16, epochs: 8, optim.SGD(model.parameters(), 0.05), nn.MSELoss(),
            validation: (inputs[60..], targets[60..]), progress: ProgressMode.Silent);

        Assert.Equal(MetricDirection.Maximize, model.Callbacks.EarlyStopping.Direction);
        var r2 = history.Select(logs => logs.ValR2Score!.Value).ToList();
        Assert.Equal(r2.Max(), model.Callbacks.EarlyStopping.Best);
        // R² per output over the 20 validation samples, averaged, from the final weights.
        using var predicted = model.Predict(inputs[60..], batchSize: 7, progress: ProgressMode.Silent).to_type(ScalarType.Float64);
        var expected = targets[60..].to_type(ScalarType.Float64);
        var residual = (expected - predicted).square().sum(dim: 0);
        var total = (expected - expected.mean([0], keepdim: true)).square().sum(dim: 0);
        Assert.Equal((1 - residual / total).mean().item<double>(), history[^1].ValR2Score!.Value, 9);
        Assert.Equal((expected - predicted).square().mean().sqrt().item<double>(), history[^1].ValRootMeanSquaredError!.Value, 6);
    }

    // 6 epochs of 4 batches of 3 overlapping classes.
    private static (MonitoredMetricsModel Model, History<MonitoredMetricsModelLogs> History) Train(string folder, int? cancelAfterBatch = null)
    {
        Directory.CreateDirectory(folder);
        Environment.CurrentDirectory = folder;
        manual_seed(11);
        var model = new MonitoredMetricsModel { CancelAfterBatch = cancelAfterBatch };
        var (inputs, classes) = Classes(64, seed: 1);
        var (validationInputs, validationClasses) = Validation();
        var history = model.Fit(inputs, classes, batchSize: 16, epochs: 6, optim.Adam(model.parameters(), 0.02),
            new Func<Tensor, Tensor, Tensor>((output, target) => nn.functional.nll_loss(output.clamp_min(1e-7).log(), target)),
            validation: (validationInputs, validationClasses), progress: ProgressMode.Silent, cancellationToken: model.Cancellation.Token);
        return (model, history);
    }

    private static (Tensor Inputs, Tensor Classes) Validation() => Classes(45, seed: 2);

    // Three classes around the corners of a triangle, with noise enough to overlap.
    private static (Tensor Inputs, Tensor Classes) Classes(int samples, int seed)
    {
        using var generator = new TorchSharp.torch.Generator((ulong)seed);
        var classes = randint(0, 3, samples, generator: generator, dtype: ScalarType.Int64);
        using var corners = tensor(new float[,] { { 0, 2 }, { -2, -1 }, { 2, -1 } });
        var inputs = corners.index_select(0, classes) + randn(samples, 2, generator: generator) * 1.2;
        return (inputs, classes);
    }
}
