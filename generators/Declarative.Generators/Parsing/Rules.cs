using System.Globalization;
using Declarative.Generators.Diagnostics;
using Microsoft.CodeAnalysis;

namespace Declarative.Generators.Parsing;

/// <summary>Checks shared by the attribute readers.</summary>
internal static class Rules
{
    /// <summary>Reports <c>name = value</c> out of range unless <paramref name="inRange"/>; returns <paramref name="inRange"/>.</summary>
    public static bool InRange<T>(AttributeReader reader, ReadContext context, string name, T value, bool inRange, string why)
    {
        if (inRange) return true;
        context.Problems.Report(DiagnosticDescriptors.ValueOutOfRange, () => reader.Location(name), name, value is double d ? Literal(d) : value, why);
        return false;
    }

    /// <summary>Checks an explicitly set every-N setting (≥ 1) and a from-epoch setting (≥ 0).</summary>
    public static bool Filter(AttributeReader reader, ReadContext context, string everyName, string fromName, out int every, out int from)
    {
        every = reader.Get(everyName, 1);
        from = reader.Get(fromName, 0);
        return InRange(reader, context, everyName, every, every >= 1, "it counts events and must be at least 1")
             & InRange(reader, context, fromName, from, from >= 0, "it is a 0-based epoch and cannot be negative");
    }

    /// <summary>Checks a plain file or folder path (no placeholders): non-empty, and valid on every system.</summary>
    public static bool Path(AttributeReader reader, ReadContext context, string path)
    {
        if (path.Trim().Length == 0)
        {
            context.Problems.Report(DiagnosticDescriptors.InvalidFilePath, () => reader.Location(0), path, "it is empty");
            return false;
        }

        if (InvalidCharacter(path, atStart: true) is not int at) return true;
        context.Problems.Report(DiagnosticDescriptors.InvalidFilePath, () => reader.Location(0, at, 1), path, $"'{Printable(path[at])}' is not allowed in file names on every system");
        return false;
    }

    /// <summary>
    /// The first character that some file system rejects (Windows is the strictest), or that C# reads as a line break
    /// (the path appears in the generated file's comments), if any.
    /// </summary>
    public static int? InvalidCharacter(string text, bool atStart)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var driveColon = c == ':' && atStart && i == 1 && char.IsLetter(text[0]);
            if (NotPrintable(c) || c == '<' || c == '>' || c == '"' || c == '|' || c == '?' || c == '*' || (c == ':' && !driveColon)) return i;
        }

        return null;
    }

    public static string Printable(char c) => NotPrintable(c) ? "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture) : c.ToString();

    // Control characters, and the two line separators that C# also ends a line at.
    private static bool NotPrintable(char c) => char.IsControl(c) || c is '\u2028' or '\u2029';

    public static bool IsFinite(double value) => !double.IsNaN(value) && !double.IsInfinity(value);

    public static string Literal(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>The property of the n-th callback of a kind on the model's callbacks: <c>EarlyStopping</c>, <c>EarlyStopping2</c>, ...</summary>
    public static string PropertyName(string kind, int index) => index == 0 ? kind : kind + (index + 1);

    /// <summary>Warns that a negative MinDelta is used as its absolute value, as in Keras.</summary>
    public static void MinDelta(AttributeReader reader, ReadContext context, double minDelta)
    {
        if (minDelta < 0) context.Problems.Report(DiagnosticDescriptors.NegativeMinDelta, () => reader.Location("MinDelta"), Literal(minDelta), Literal(-minDelta));
    }
}
