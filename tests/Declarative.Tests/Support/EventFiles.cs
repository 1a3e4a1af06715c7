using System.Buffers.Binary;

namespace Declarative.Tests.Support;

/// <summary>
/// Reads TensorBoard event files: TFRecord framing (length, masked CRC-32C of the length, data, masked CRC-32C of the
/// data), each record an Event protobuf. The CRCs are checked with our own CRC-32C.
/// </summary>
internal static class EventFiles
{
    public static List<Tensorboard.Event> Read(string folder)
    {
        var events = new List<Tensorboard.Event>();
        foreach (var file in Directory.GetFiles(folder, "events.out.tfevents.*").Order(StringComparer.Ordinal))
        {
            var bytes = File.ReadAllBytes(file);
            var at = 0;
            while (at < bytes.Length)
            {
                var header = bytes.AsSpan(at, 8);
                var length = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(header));
                Assert.Equal(MaskedCrc(header), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 8, 4)));
                var data = bytes.AsSpan(at + 12, length);
                Assert.Equal(MaskedCrc(data), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 12 + length, 4)));
                events.Add(Tensorboard.Event.Parser.ParseFrom(data.ToArray()));
                at += 12 + length + 4;
            }
        }

        return events;
    }

    /// <summary>(tag, step, value) of every scalar in the folder's event files.</summary>
    public static List<(string Tag, long Step, float Value)> Scalars(string folder) =>
        Read(folder).Where(e => e.Summary is not null)
            .SelectMany(e => e.Summary.Value.Where(v => v.ValueCase == Tensorboard.Summary.Types.Value.ValueOneofCase.SimpleValue).Select(v => (v.Tag, e.Step, v.SimpleValue)))
            .ToList();

    private static uint MaskedCrc(ReadOnlySpan<byte> data)
    {
        var crc = ~0u;
        foreach (var b in data)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78u : crc >> 1;
        }

        crc = ~crc;
        return ((crc >> 15) | (crc << 17)) + 0xa282ead8u;
    }
}
