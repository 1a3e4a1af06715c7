using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Numerics;

namespace Declarative.IO;

/// <summary>
/// Reads a TensorBoard event file as far as it is intact: TFRecord framing (the data's length, a masked CRC-32C of the
/// length, the data, a masked CRC-32C of the data), each record an <c>Event</c>. A record cut short or damaged ends the
/// intact part, so a file cut at any byte can be cut back to whole records.
/// </summary>
internal static class EventFile
{
    /// <summary>The length of the file's intact records from its start, and the events they hold.</summary>
    public static (long Intact, List<Tensorboard.Event> Events) Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var events = new List<Tensorboard.Event>();
        var at = 0;
        while (bytes.Length - at >= 12)
        {
            var header = bytes.AsSpan(at, 8);
            var length = BinaryPrimitives.ReadUInt64LittleEndian(header);
            if (MaskedCrc(header) != BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 8, 4)) || length > (ulong)(bytes.Length - at - 16)) break;
            var data = bytes.AsSpan(at + 12, (int)length);
            if (MaskedCrc(data) != BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 12 + (int)length, 4))) break;
            events.Add(Tensorboard.Event.Parser.ParseFrom(data.ToArray()));
            at += 12 + (int)length + 4;
        }

        return (at, events);
    }

    // TFRecord's checksum: CRC-32C, rotated and offset ("masked").
    private static uint MaskedCrc(ReadOnlySpan<byte> data)
    {
        var crc = ~0u;
        foreach (var b in data) crc = BitOperations.Crc32C(crc, b);
        crc = ~crc;
        return ((crc >> 15) | (crc << 17)) + 0xa282ead8u;
    }
}
