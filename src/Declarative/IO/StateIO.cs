using System.IO;

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
}
