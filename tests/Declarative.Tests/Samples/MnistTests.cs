using System.Buffers.Binary;
using System.IO.Compression;
using Classifier;

namespace Declarative.Tests.Samples;

/// <summary>The main sample's MNIST loader, on small IDX files written by the tests.</summary>
public sealed class MnistTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("declarative-idx-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Reads_the_shape_and_bytes_of_an_idx_file()
    {
        var path = Write("images-idx3-ubyte", [2, 3, 2], Enumerable.Range(0, 12).Select(i => (byte)(i * 20)).ToArray());

        var (shape, data) = Idx.Read(path);

        Assert.Equal([2, 3, 2], shape);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => (byte)(i * 20)), data);
    }

    [Fact]
    public void Reads_gzip_compressed_files()
    {
        var path = Write("labels-idx1-ubyte.gz", [4], [7, 0, 9, 1], gzip: true);
        Assert.Equal([7, 0, 9, 1], Idx.Read(path).Data);
    }

    [Theory]
    [InlineData(new byte[] { 1, 0, 8, 1, 0, 0, 0, 1, 5 }, "does not start with two zero bytes")]
    [InlineData(new byte[] { 0, 0, 0x0D, 1, 0, 0, 0, 1, 5 }, "type 0x0d")]
    [InlineData(new byte[] { 0, 0, 8, 1, 0, 0, 0, 3, 5 }, "truncated: it ends inside the data")]
    [InlineData(new byte[] { 0, 0, 8, 2, 0, 0, 0, 3 }, "truncated: it ends inside the size of dimension 1")]
    public void Rejects_files_that_are_not_well_formed(byte[] bytes, string message)
    {
        var path = Path.Combine(_folder, "bad-idx1-ubyte");
        File.WriteAllBytes(path, bytes);
        Assert.Contains(message, Assert.Throws<InvalidDataException>(() => Idx.Read(path)).Message);
    }

    [Fact]
    public void Loads_mnist_as_flat_normalised_images_and_class_indices()
    {
        Write("train-images-idx3-ubyte.gz", [2, 2, 2], [0, 255, 51, 102, 255, 0, 0, 0], gzip: true);
        Write("train-labels-idx1-ubyte.gz", [2], [3, 8], gzip: true);
        Write("t10k-images-idx3-ubyte", [1, 2, 2], [255, 255, 0, 0]);
        Write("t10k-labels-idx1-ubyte", [1], [1]);

        var (train, test) = Mnist.Load(_folder);

        Assert.Equal([2L, 4L], train.Inputs.shape);
        Assert.Equal([0f, 1f, 0.2f, 0.4f, 1f, 0f, 0f, 0f], train.Inputs.data<float>().ToArray());
        Assert.Equal([3L, 8L], train.Targets.data<long>().ToArray());
        Assert.Equal([1L], test.Targets.data<long>().ToArray());
    }

    [Fact]
    public void Images_and_labels_of_different_counts_are_an_error()
    {
        Write("t10k-images-idx3-ubyte", [2, 1, 1], [1, 2]);
        Write("t10k-labels-idx1-ubyte", [3], [1, 2, 3]);
        Assert.Throws<InvalidDataException>(() => Mnist.Load(_folder, "t10k"));
    }

    private string Write(string name, int[] shape, byte[] data, bool gzip = false)
    {
        var path = Path.Combine(_folder, name);
        using var file = File.Create(path);
        using Stream stream = gzip ? new GZipStream(file, CompressionLevel.Fastest) : file;
        stream.Write([0, 0, 8, (byte)shape.Length]);
        Span<byte> size = stackalloc byte[4];
        foreach (var dimension in shape)
        {
            BinaryPrimitives.WriteInt32BigEndian(size, dimension);
            stream.Write(size);
        }

        stream.Write(data);
        return path;
    }
}
