using static TorchSharp.torch;

namespace Declarative.Tests.Support;

/// <summary>Small datasets made by the tests.</summary>
internal static class Data
{
    /// <summary>Two Gaussian blobs, linearly separable: class 0 around (-2, -2), class 1 around (2, 2).</summary>
    public static (Tensor Inputs, Tensor Targets) Blobs(int samples, int seed)
    {
        using var generator = new TorchSharp.torch.Generator((ulong)seed);
        var targets = randint(0, 2, samples, generator: generator, dtype: ScalarType.Int64);
        var centers = targets.to_type(ScalarType.Float32).unsqueeze(1).mul(4).sub(2).expand(samples, 2);
        var inputs = centers + randn(samples, 2, generator: generator) * 0.5;
        return (inputs, targets);
    }

    /// <summary>Inputs in [-1, 1] with all-zero targets (for scripted models, whose validation output is scripted).</summary>
    public static (Tensor Inputs, Tensor Targets) Zeros(int samples, int seed)
    {
        using var generator = new TorchSharp.torch.Generator((ulong)seed);
        return (rand(samples, 1, generator: generator) * 2 - 1, zeros(samples, 1));
    }

    /// <summary>The module's parameters, copied to flat arrays, for exact comparisons.</summary>
    public static float[][] Weights(nn.Module module) =>
        module.parameters().Select(p => p.detach().cpu().data<float>().ToArray()).ToArray();
}
