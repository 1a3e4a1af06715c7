using static TorchSharp.torch;

namespace Gan;

/// <summary>The data the GAN learns: points around 8 centers on a circle of radius 2, the classic toy target.</summary>
public static class Ring
{
    public const int Modes = 8;

    /// <summary>The 8 centers, as an (8, 2) tensor.</summary>
    public static Tensor Centers()
    {
        var angles = arange(Modes, dtype: ScalarType.Float32) * (2 * Math.PI / Modes);
        return stack([cos(angles) * 2, sin(angles) * 2], 1);
    }

    /// <summary><paramref name="samples"/> points, each near a center picked at random.</summary>
    public static Tensor Sample(int samples, Generator generator) =>
        Centers()[randint(0, Modes, samples, generator: generator, dtype: ScalarType.Int64)] + randn(samples, 2, generator: generator) * 0.05;

    /// <summary>How many centers have at least 2% of <paramref name="points"/> within 0.25 of them, and the share of points near any center.</summary>
    public static (int Covered, double Near) Coverage(Tensor points)
    {
        var distances = cdist(points, Centers());
        var (nearest, index) = distances.min(1);
        var near = nearest < 0.25;
        var covered = Enumerable.Range(0, Modes).Count(mode => (near & index.eq(mode)).sum().item<long>() >= points.shape[0] * 0.02);
        return (covered, near.to_type(ScalarType.Float32).mean().item<float>());
    }
}
