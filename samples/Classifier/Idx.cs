using System.Buffers.Binary;
using System.IO.Compression;

namespace Classifier;

/// <summary>
/// Reads IDX files, the format MNIST and Fashion-MNIST are distributed in (optionally gzip-compressed): a magic number
/// (two zero bytes, a type code, the number of dimensions), each dimension's size as a big-endian int32, then the data.
/// </summary>
public static class Idx
{
    private const byte UnsignedByte = 0x08;

    /// <summary>Reads an IDX file of unsigned bytes; returns its shape and its data.</summary>
    /// <exception cref="InvalidDataException">The file is not an IDX file of unsigned bytes, or is truncated.</exception>
    public static (int[] Shape, byte[] Data) Read(string path)
    {
        using var file = File.OpenRead(path);
        using var stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : (Stream)file;
        Span<byte> header = stackalloc byte[4];
        ReadExactly(stream, header, path, "header");
        if (header[0] != 0 || header[1] != 0)
            throw new InvalidDataException($"{path} is not an IDX file: it does not start with two zero bytes.");
        if (header[2] != UnsignedByte)
            throw new InvalidDataException($"{path} holds IDX type 0x{header[2]:x2}; only unsigned bytes (0x08) are supported.");
        if (header[3] == 0)
            throw new InvalidDataException($"{path} declares no dimensions.");

        var shape = new int[header[3]];
        Span<byte> size = stackalloc byte[4];
        long count = 1;
        for (var i = 0; i < shape.Length; i++)
        {
            ReadExactly(stream, size, path, $"size of dimension {i}");
            shape[i] = BinaryPrimitives.ReadInt32BigEndian(size);
            if (shape[i] < 0) throw new InvalidDataException($"{path} declares a negative size for dimension {i}.");
            count *= shape[i];
        }

        if (count > Array.MaxLength) throw new InvalidDataException($"{path} declares {count} values, more than this reader can hold.");
        var data = new byte[count];
        ReadExactly(stream, data, path, "data");
        return (shape, data);
    }

    private static void ReadExactly(Stream stream, Span<byte> buffer, string path, string part)
    {
        try
        {
            stream.ReadExactly(buffer);
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"{path} is truncated: it ends inside the {part}.");
        }
    }
}
