using System.IO;
using static TorchSharp.torch;

namespace Declarative.IO;

/// <summary>Small helpers for callbacks' <c>SaveState</c>/<c>LoadState</c>.</summary>
internal static class StateIO
{
    public static void Write(this BinaryWriter writer, double? value)
    {
        writer.Write(value.HasValue);
        writer.Write(value.GetValueOrDefault());
    }

    public static double? ReadNullableDouble(this BinaryReader reader)
    {
        var has = reader.ReadBoolean();
        var value = reader.ReadDouble();
        return has ? value : null;
    }

    public static void WriteNullable(this BinaryWriter writer, string? value)
    {
        writer.Write(value is not null);
        writer.Write(value ?? string.Empty);
    }

    public static string? ReadNullableString(this BinaryReader reader)
    {
        var has = reader.ReadBoolean();
        var value = reader.ReadString();
        return has ? value : null;
    }

    /// <summary>Writes a metric's 1-D Int64 counts on the device (a device synchronisation): their length, then each.</summary>
    public static void WriteCounts(this BinaryWriter writer, Tensor counts)
    {
        using var host = counts.cpu();
        var values = host.data<long>();
        writer.Write((int)values.Count);
        foreach (var value in values) writer.Write(value);
    }

    /// <summary>Reads what <see cref="WriteCounts"/> wrote into <paramref name="counts"/>, which must have the saved length.</summary>
    /// <exception cref="InvalidDataException">The saved counts are of another length (a metric of other settings).</exception>
    public static void ReadCounts(this BinaryReader reader, Tensor counts)
    {
        var length = reader.ReadInt32();
        if (length != counts.shape[0])
            throw new InvalidDataException($"The backup holds {length} counts for this metric, whose settings keep {counts.shape[0]}.");
        var values = new long[length];
        for (var i = 0; i < length; i++) values[i] = reader.ReadInt64();
        using var saved = tensor(values);
        counts.copy_(saved);
    }
}
