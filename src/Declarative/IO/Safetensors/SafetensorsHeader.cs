using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace Declarative.IO;

/// <summary>One tensor as a safetensors header describes it; offsets are relative to the data buffer.</summary>
internal sealed record SafetensorsEntry(string Name, SafetensorsDtype Dtype, long[] Shape, long Begin, long End);

/// <summary>
/// A safetensors file's header, read and checked against the file: a sane length, UTF-8 JSON of an object, each tensor's
/// known dtype, shape and offsets, the offsets contiguous from the buffer's start to the file's end (no gaps, no
/// trailing bytes), and each tensor's byte count its shape times its dtype's size. Every problem names the file.
/// </summary>
internal sealed class SafetensorsHeader
{
    // The reference implementation refuses headers above 100 MB.
    private const long MaxHeaderLength = 100_000_000;

    private SafetensorsHeader(IReadOnlyList<SafetensorsEntry> entries, IReadOnlyDictionary<string, string> metadata, long dataStart)
    {
        Entries = entries;
        Metadata = metadata;
        DataStart = dataStart;
    }

    /// <summary>The tensors, in the order of their data.</summary>
    public IReadOnlyList<SafetensorsEntry> Entries { get; }

    /// <summary>The <c>__metadata__</c> entries (empty without).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Where the data buffer begins in the file.</summary>
    public long DataStart { get; }

    /// <summary>Reads and checks the header of <paramref name="stream"/>, the content of <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a well-formed safetensors file; the message says what is wrong.</exception>
    public static SafetensorsHeader Read(string path, Stream stream)
    {
        InvalidDataException Bad(string problem) => new($"'{path}' is not a valid safetensors file: {problem}.");

        var length = stream.Length;
        Span<byte> prefix = stackalloc byte[8];
        if (length < 8) throw Bad($"it has {length} bytes, fewer than the 8 of the header's length");
        stream.Position = 0;
        stream.ReadExactly(prefix);
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > MaxHeaderLength) throw Bad($"its header's length is {headerLength} bytes, more than the format's limit of {MaxHeaderLength} (the file is damaged, or not a safetensors file)");
        if (8 + (long)headerLength > length) throw Bad($"its header's length is {headerLength} bytes, but the file has only {length - 8} after the length (it was cut short)");
        var bytes = new byte[headerLength];
        stream.ReadExactly(bytes);

        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Bad("its header is not UTF-8 text");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            throw Bad($"its header is not valid JSON ({e.Message})");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object) throw Bad($"its header is a JSON {document.RootElement.ValueKind}, not an object of tensors");
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var entries = new List<SafetensorsEntry>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!names.Add(property.Name)) throw Bad($"its header names '{property.Name}' twice");
                if (property.Name == "__metadata__") ReadMetadata(property.Value, metadata, Bad);
                else entries.Add(ReadEntry(property.Name, property.Value, Bad));
            }

            entries.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
            var dataStart = 8 + (long)headerLength;
            long expected = 0;
            foreach (var entry in entries)
            {
                if (entry.Begin != expected)
                {
                    throw Bad(entry.Begin > expected
                        ? $"'{entry.Name}' begins at byte {entry.Begin} of the data, leaving a gap after byte {expected}"
                        : $"'{entry.Name}' begins at byte {entry.Begin} of the data, inside the previous tensor's bytes (which end at {expected})");
                }

                expected = entry.End;
            }

            if (dataStart + expected != length)
            {
                throw Bad(dataStart + expected > length
                    ? $"its tensors need {expected} bytes of data, but the file has {length - dataStart} (it was cut short)"
                    : $"it has {length - dataStart - expected} bytes after its last tensor's data (the format allows none)");
            }

            return new SafetensorsHeader(entries, metadata, dataStart);
        }
    }

    private static void ReadMetadata(JsonElement value, Dictionary<string, string> metadata, Func<string, InvalidDataException> bad)
    {
        if (value.ValueKind != JsonValueKind.Object) throw bad("its __metadata__ is not an object of strings");
        foreach (var entry in value.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.String) throw bad($"its __metadata__ entry '{entry.Name}' is a JSON {entry.Value.ValueKind}; the format allows strings only");
            metadata[entry.Name] = entry.Value.GetString()!;
        }
    }

    private static SafetensorsEntry ReadEntry(string name, JsonElement value, Func<string, InvalidDataException> bad)
    {
        if (value.ValueKind != JsonValueKind.Object) throw bad($"'{name}' is a JSON {value.ValueKind}, not an object with dtype, shape and data_offsets");
        if (!value.TryGetProperty("dtype", out var dtypeText) || dtypeText.ValueKind != JsonValueKind.String) throw bad($"'{name}' has no dtype string");
        var dtype = SafetensorsDtype.Parse(dtypeText.GetString()!, out var problem) ?? throw bad($"'{name}' has {problem}");
        var shape = Integers(value, "shape", name, bad);
        var offsets = Integers(value, "data_offsets", name, bad);
        if (offsets.Length != 2) throw bad($"'{name}' has {offsets.Length} data_offsets; it needs two, [begin, end]");
        if (offsets[1] < offsets[0]) throw bad($"'{name}' ends (byte {offsets[1]}) before it begins (byte {offsets[0]})");
        long elements = 1;
        try
        {
            foreach (var dimension in shape) elements = checked(elements * dimension);
            var size = checked(elements * dtype.Size);
            if (offsets[1] - offsets[0] != size)
                throw bad($"'{name}' has {offsets[1] - offsets[0]} bytes of data, but its shape [{string.Join(", ", shape)}] of {dtype.Code} needs {size}");
        }
        catch (OverflowException)
        {
            throw bad($"'{name}' has a shape [{string.Join(", ", shape)}] too large to exist");
        }

        return new SafetensorsEntry(name, dtype, shape, offsets[0], offsets[1]);
    }

    private static long[] Integers(JsonElement value, string property, string name, Func<string, InvalidDataException> bad)
    {
        if (!value.TryGetProperty(property, out var array) || array.ValueKind != JsonValueKind.Array) throw bad($"'{name}' has no {property} array");
        return array.EnumerateArray().Select(item => item.ValueKind == JsonValueKind.Number && item.TryGetInt64(out var number) && number >= 0
            ? number
            : throw bad($"'{name}' has {property} {array.GetRawText()}: it must hold integers ≥ 0")).ToArray();
    }
}
