using static TorchSharp.torch;

namespace Declarative.Benchmarks.Steps;

/// <summary>
/// The two workloads of the step benchmarks, each trained by Fit and by a hand-written loop from the same seed: the
/// two-input model's step over records, and the tiny model's default step over shuffled tensors.
/// </summary>
public static class StepWorkloads
{
    public const int Epochs = 5;

    /// <summary>The two-input workload: <paramref name="batches"/> batches of 32 to train on, 16 to validate on.</summary>
    public static (List<WeightedPair> Train, List<WeightedPair> Validation) TwoInputData(int batches = 256)
    {
        var generator = new Generator(11);
        var centers = randn(3, 8, generator: generator);
        List<WeightedPair> Make(int count) => Enumerable.Range(0, count).Select(_ =>
        {
            var label = randint(0, 3, 32, generator: generator, dtype: ScalarType.Int64);
            return new WeightedPair(
                centers[label] + randn(32, 8, generator: generator),
                centers[label] * 0.5 + randn(32, 8, generator: generator),
                label,
                rand(32, generator: generator) + 0.5);
        }).ToList();
        return (Make(batches), Make(16));
    }

    /// <summary>The tiny workload: two blobs, <paramref name="samples"/> samples, trained in batches of 8.</summary>
    public static (Tensor Inputs, Tensor Targets) TinyData(int samples = 4096)
    {
        var generator = new Generator(12);
        var targets = randint(0, 2, samples, generator: generator, dtype: ScalarType.Int64);
        var inputs = targets.to_type(ScalarType.Float32).unsqueeze(1).mul(2).sub(1) + randn(samples, 2, generator: generator);
        return (inputs, targets);
    }

    public const int TinyBatchSize = 8;

    public static (TwoInputStepModel Model, optim.Optimizer Optimizer) CreateTwoInput()
    {
        manual_seed(13);
        var model = new TwoInputStepModel();
        return (model, optim.Adam(model.parameters(), 0.01));
    }

    public static (TinyModel Model, optim.Optimizer Optimizer) CreateTiny()
    {
        manual_seed(14);
        var model = new TinyModel();
        return (model, optim.SGD(model.parameters(), 0.05));
    }
}
