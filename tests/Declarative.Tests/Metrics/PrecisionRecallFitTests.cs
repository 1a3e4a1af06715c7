using Declarative.Tests.Models;
using Declarative.Tests.Support;
using static TorchSharp.torch;

namespace Declarative.Tests.Metrics;

/// <summary>
/// [Precision] and [Recall] through Fit: the epoch's value is computed over all the epoch's samples, the val_ twins are
/// usable as monitors (EarlyStopping infers that larger is better), and a metric declared with other settings under
/// another name is a metric of its own.
/// </summary>
public class PrecisionRecallFitTests
{
    [Fact]
    public void EarlyStopping_monitors_val_precision_which_is_the_precision_of_the_validation_predictions()
    {
        manual_seed(3);
        var (inputs, classes) = Noisy(96, seed: 1);
        var (validationInputs, validationClasses) = Noisy(60, seed: 2);
        var model = new PrecisionRecallModel();

        var history = model.Fit(inputs, classes.to_type(ScalarType.Float32), batchSize: 16, epochs: 10, optim.SGD(model.parameters(), 0.05), nn.BCELoss(),
            validation: (validationInputs, validationClasses.to_type(ScalarType.Float32)), progress: ProgressMode.Silent);

        var stopping = model.Callbacks.EarlyStopping;
        Assert.Equal(MetricDirection.Maximize, stopping.Direction);
        var precisions = history.Select(logs => logs.ValPrecision!.Value).ToList();
        Assert.True(precisions.Distinct().Count() > 2, string.Join(", ", precisions)); // the run is not degenerate
        Assert.Equal(precisions.Max(), stopping.Best);
        Assert.Equal(history[precisions.IndexOf(precisions.Max())].Epoch, stopping.BestEpoch);

        // The last epoch's values are those of the final weights (nothing restores other ones) over the whole validation data.
        using var predicted = model.Predict(validationInputs, batchSize: 7, progress: ProgressMode.Silent);
        var positive = validationClasses.ne(0);
        double Count(Tensor mask) => mask.sum().item<long>();
        var truePositives = Count(predicted.gt(0.5) & positive);
        Assert.Equal(truePositives == 0 ? 0 : truePositives / Count(predicted.gt(0.5)), history[^1].ValPrecision!.Value, 12);
        Assert.Equal(Count(predicted.gt(0.3) & positive) / Count(positive), history[^1].ValRecallAt03!.Value, 12);
        Assert.Contains("val_recall_at_03", history.MetricNames);
    }

    // Classes that overlap: the class is the sign of the first input plus noise, so neither metric is simply 1.
    private static (Tensor Inputs, Tensor Classes) Noisy(int samples, int seed)
    {
        using var generator = new TorchSharp.torch.Generator((ulong)seed);
        var inputs = randn(samples, 2, generator: generator);
        var classes = (inputs[.., 0] + randn(samples, generator: generator) * 0.8).gt(0.3).to_type(ScalarType.Int64);
        return (inputs, classes);
    }
}
