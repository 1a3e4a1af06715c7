using static TorchSharp.torch;

namespace Classifier;

/// <summary>Loads MNIST (or Fashion-MNIST) from the four standard IDX files in a folder, gzip-compressed or not.</summary>
public static class Mnist
{
    public static ((Tensor Inputs, Tensor Targets) Train, (Tensor Inputs, Tensor Targets) Test) Load(string folder) =>
        (Load(folder, "train"), Load(folder, "t10k"));

    /// <summary>Images as rows of 784 values in [0, 1], labels as class indices.</summary>
    public static (Tensor Inputs, Tensor Targets) Load(string folder, string prefix)
    {
        var (imageShape, pixels) = Idx.Read(Find(folder, $"{prefix}-images-idx3-ubyte"));
        var (labelShape, labels) = Idx.Read(Find(folder, $"{prefix}-labels-idx1-ubyte"));
        if (imageShape.Length != 3 || labelShape.Length != 1 || imageShape[0] != labelShape[0])
            throw new InvalidDataException($"{prefix} images [{string.Join(", ", imageShape)}] and labels [{string.Join(", ", labelShape)}] do not match.");

        var inputs = tensor(pixels, [imageShape[0], (long)imageShape[1] * imageShape[2]]).to_type(ScalarType.Float32).div_(255);
        return (inputs, tensor(labels).to_type(ScalarType.Int64));
    }

    private static string Find(string folder, string name)
    {
        foreach (var candidate in new[] { name, name + ".gz", name.Replace("-idx", ".idx") })
        {
            var path = Path.Combine(folder, candidate);
            if (File.Exists(path)) return path;
        }

        throw new FileNotFoundException($"No {name} (or {name}.gz) in {folder}.");
    }
}
