using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using static TorchSharp.torch;

namespace Declarative.IO;

/// <summary>
/// Tensors captured as the bytes of a safetensors file, in the order the reference implementation writes them: by
/// descending dtype rank, then by name (ordinal); the header as compact JSON, <c>__metadata__</c> first (its keys sorted),
/// padded with spaces to a multiple of 8 bytes. Captured on the calling thread, so it can be written later on another.
/// </summary>
internal sealed class SafetensorsContent
{
    /// <summary>The metadata key of the SHA-256 of the data buffer, which <see cref="Safetensors.Load(string, nn.Module, bool)"/> checks when present.</summary>
    public const string DataHashKey = "declarative.data_sha256";

    private readonly byte[] _header;
    private readonly byte[][] _data;

    private SafetensorsContent(byte[] header, byte[][] data)
    {
        _header = header;
        _data = data;
    }

    /// <summary>Copies the tensors to the host, in the file's layout.</summary>
    /// <param name="tensors">The tensors by name, on any device.</param>
    /// <param name="metadata">The <c>__metadata__</c> entries, or null for none.</param>
    /// <param name="hashData">Whether to add the data's SHA-256 to the metadata (<see cref="DataHashKey"/>).</param>
    /// <exception cref="NotSupportedException">A tensor has a type the format has no dtype for (complex).</exception>
    public static SafetensorsContent Capture(IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata, bool hashData = false)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("Safetensors files are little-endian; this machine is not.");
        var entries = tensors.Select(pair => (Name: pair.Key, Tensor: pair.Value, Dtype: SafetensorsDtype.Of(pair.Value.dtype, pair.Key)))
            .OrderByDescending(e => e.Dtype.Rank).ThenBy(e => e.Name, StringComparer.Ordinal).ToArray();
        var data = new byte[entries.Length][];
        using (NewDisposeScope())
        {
            for (var i = 0; i < entries.Length; i++) data[i] = entries[i].Tensor.detach().cpu().contiguous().bytes.ToArray();
        }

        var entriesMetadata = metadata is null ? null : new Dictionary<string, string>(metadata, StringComparer.Ordinal);
        if (hashData)
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            foreach (var bytes in data) hash.AppendData(bytes);
            entriesMetadata ??= new Dictionary<string, string>(StringComparer.Ordinal);
            entriesMetadata[DataHashKey] = Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant();
        }

        var json = new StringBuilder("{");
        if (entriesMetadata is not null)
        {
            json.Append("\"__metadata__\":{");
            json.AppendJoin(',', entriesMetadata.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => Quote(p.Key) + ":" + Quote(p.Value)));
            json.Append('}');
        }

        long offset = 0;
        for (var i = 0; i < entries.Length; i++)
        {
            var (name, tensor, dtype) = entries[i];
            if (json.Length > 1) json.Append(',');
            var shape = string.Join(',', tensor.shape.Select(d => d.ToString(CultureInfo.InvariantCulture)));
            json.Append(CultureInfo.InvariantCulture, $"{Quote(name)}:{{\"dtype\":\"{dtype.Code}\",\"shape\":[{shape}],\"data_offsets\":[{offset},{offset + data[i].Length}]}}");
            offset += data[i].Length;
        }

        json.Append('}');
        var header = Encoding.UTF8.GetBytes(json.ToString());
        var padded = new byte[8 + ((header.Length + 7) / 8 * 8)];
        BinaryPrimitives.WriteUInt64LittleEndian(padded, (ulong)(padded.Length - 8));
        header.CopyTo(padded, 8);
        padded.AsSpan(8 + header.Length).Fill((byte)' ');
        return new SafetensorsContent(padded, data);
    }

    /// <summary>Writes the file's bytes: the header's length, the header, the data buffer.</summary>
    public void WriteTo(Stream stream)
    {
        stream.Write(_header);
        foreach (var bytes in _data) stream.Write(bytes);
    }

    // A JSON string as serde_json writes it: quotes, backslashes and control characters escaped, the rest as UTF-8.
    private static string Quote(string text)
    {
        var quoted = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': quoted.Append("\\\""); break;
                case '\\': quoted.Append("\\\\"); break;
                case '\n': quoted.Append("\\n"); break;
                case '\r': quoted.Append("\\r"); break;
                case '\t': quoted.Append("\\t"); break;
                case '\b': quoted.Append("\\b"); break;
                case '\f': quoted.Append("\\f"); break;
                case < ' ': quoted.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"); break;
                default: quoted.Append(c); break;
            }
        }

        return quoted.Append('"').ToString();
    }
}
