using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using static TorchSharp.torch;

namespace Declarative.IO;

/// <summary>
/// The averaged weights as the run's state holds them (a weight-averaging callback's <c>:weights</c> section), and so as a
/// checkpoint holds them after the model's weights and the optimizers' state: what <c>Module.save</c> writes for a module
/// holding them, then that part's length and a marker (16 bytes), so that a reader finds the part from the end.
/// </summary>
internal static class AveragedWeightsRecord
{
    private const int TrailerLength = 16;
    private static readonly byte[] Marker = "DCLAVGW1"u8.ToArray();

    /// <summary>Writes <paramref name="weights"/> (a module's state, by its names) as <c>Module.save</c> does, then the trailer.</summary>
    public static void Write(BinaryWriter writer, Dictionary<string, Tensor> weights)
    {
        writer.Flush();
        var start = writer.BaseStream.Position;
        nn.Module.save_state_dict(writer, weights);
        writer.Flush();
        writer.Write(writer.BaseStream.Position - start);
        writer.Write(Marker);
    }

    /// <summary>Reads the part <see cref="Write"/> wrote: calls <paramref name="load"/> with each name in turn, which reads its tensor.</summary>
    /// <exception cref="InvalidDataException">The part does not end with the trailer.</exception>
    public static void Read(BinaryReader reader, Action<string, BinaryReader> load)
    {
        for (var entries = reader.Read7BitEncodedInt64(); entries > 0; entries--) load(reader.ReadString(), reader);
        reader.ReadInt64();
        if (!reader.ReadBytes(Marker.Length).AsSpan().SequenceEqual(Marker)) throw new InvalidDataException("The averaged weights do not end with their record's marker: they were written by another version.");
    }

    /// <summary>Where the averaged weights begin in a checkpoint whose content is <paramref name="contentLength"/> bytes, or null when it holds none.</summary>
    public static long? Find(Stream stream, long contentLength)
    {
        if (contentLength < TrailerLength) return null;
        var trailer = new byte[TrailerLength];
        stream.Position = contentLength - TrailerLength;
        stream.ReadExactly(trailer);
        stream.Position = 0;
        if (!trailer.AsSpan(8).SequenceEqual(Marker)) return null;
        var start = contentLength - TrailerLength - BinaryPrimitives.ReadInt64LittleEndian(trailer);
        return start >= 0 ? start : null;
    }
}
