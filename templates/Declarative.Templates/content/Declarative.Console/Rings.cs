using static TorchSharp.torch;

namespace DeclarativeApp;

/// <summary>
/// Made-up data, so the app needs no download: points on concentric rings, one ring per class, with noise, in the first
/// two input dimensions; the other dimensions are noise only. A share of the labels is wrong, so the model can overfit,
/// and validation loss eventually stops improving.
/// </summary>
public static class Rings
{
    public static (Tensor Inputs, Tensor Targets) Make(int samples, int classes, int noiseDimensions, double labelNoise, Generator generator)
    {
        var labels = randint(0, classes, samples, dtype: ScalarType.Int64, generator: generator);
        var radius = labels.to_type(ScalarType.Float32) + 1 + randn(samples, generator: generator) * 0.25;
        var angle = rand(samples, generator: generator) * (2 * Math.PI);
        var points = stack([radius * cos(angle), radius * sin(angle)], 1);
        var inputs = cat([points, randn(samples, noiseDimensions, generator: generator)], 1);
        var wrong = rand(samples, generator: generator).lt(labelNoise);
        var targets = where(wrong, randint(0, classes, samples, dtype: ScalarType.Int64, generator: generator), labels);
        return (inputs, targets);
    }
}
