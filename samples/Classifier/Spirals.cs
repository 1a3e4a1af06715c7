using static TorchSharp.torch;

namespace Classifier;

/// <summary>
/// Interleaved spirals, one per class, in the first two of the input dimensions; the other dimensions are noise, and a
/// share of the labels is flipped at random. A network big enough to memorise the noise overfits after a few epochs:
/// validation loss reaches a minimum and then climbs, which is what early stopping is for.
/// </summary>
public static class Spirals
{
    public static (Tensor Inputs, Tensor Targets) Make(int samples, int classes, int noiseDimensions, double labelNoise, Generator generator)
    {
        var labels = randint(0, classes, samples, dtype: ScalarType.Int64, generator: generator);
        var radius = rand(samples, generator: generator);
        var angle = labels.to_type(ScalarType.Float32) * (2 * Math.PI / classes) + radius * 3.5 + randn(samples, generator: generator) * 0.25;
        var spiral = stack([radius * cos(angle), radius * sin(angle)], 1);
        var inputs = cat([spiral, randn(samples, noiseDimensions, generator: generator) * 0.5], 1);
        var flipped = rand(samples, generator: generator).lt(labelNoise);
        var targets = where(flipped, randint(0, classes, samples, dtype: ScalarType.Int64, generator: generator), labels);
        return (inputs, targets);
    }
}
