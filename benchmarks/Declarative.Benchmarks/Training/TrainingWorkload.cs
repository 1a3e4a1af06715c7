using Classifier;
using static TorchSharp.torch;

namespace Declarative.Benchmarks.Training;

/// <summary>
/// One training run's inputs, the same for Fit and for the hand-written loop: the main sample's data (noisy spirals
/// the model overfits, so early stopping ends the run), model, optimizer and seed.
/// </summary>
public sealed class TrainingWorkload : IDisposable
{
    public const int Classes = 3;
    public const int BatchSize = 32;
    public const double LearningRate = 0.002;

    private TrainingWorkload(Tensor inputs, Tensor targets, Tensor validationInputs, Tensor validationTargets, int epochs, int hidden)
    {
        Inputs = inputs;
        Targets = targets;
        ValidationInputs = validationInputs;
        ValidationTargets = validationTargets;
        Epochs = epochs;
        Hidden = hidden;
    }

    public Tensor Inputs { get; }

    public Tensor Targets { get; }

    public Tensor ValidationInputs { get; }

    public Tensor ValidationTargets { get; }

    /// <summary>The epoch bound; early stopping ends the run before it.</summary>
    public int Epochs { get; }

    public int Hidden { get; }

    /// <summary>The data, made from a fixed seed (the sample uses 2000 samples each for training and validation).</summary>
    public static TrainingWorkload Create(int samples = 2000, int epochs = 100, int hidden = 256)
    {
        var generator = new Generator(42);
        var (inputs, targets) = Spirals.Make(samples, Classes, noiseDimensions: 6, labelNoise: 0.1, generator);
        var (validationInputs, validationTargets) = Spirals.Make(samples, Classes, noiseDimensions: 6, labelNoise: 0.1, generator);
        return new TrainingWorkload(inputs, targets, validationInputs, validationTargets, epochs, hidden);
    }

    /// <summary>A fresh model and optimizer, seeded identically for every run; the seed also fixes the data order.</summary>
    public (BenchmarkClassifier Model, optim.Optimizer Optimizer) CreateModel()
    {
        manual_seed(7);
        var model = new BenchmarkClassifier((int)Inputs.shape[1], Classes, Hidden);
        return (model, optim.Adam(model.parameters(), LearningRate));
    }

    public void Dispose()
    {
        Inputs.Dispose();
        Targets.Dispose();
        ValidationInputs.Dispose();
        ValidationTargets.Dispose();
    }
}
