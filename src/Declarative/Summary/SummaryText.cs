using System;
using System.Globalization;
using System.IO;
using System.Linq;

namespace Declarative;

/// <summary>
/// A <see cref="ModelSummary"/> as text: Keras's layout (the model, a table of layers, the totals with their sizes)
/// with Lightning's columns (dotted name, type, parameters), in plain characters only, so that it reads the same in a
/// terminal, a redirected log and a file.
/// </summary>
internal static class SummaryText
{
    /// <summary>The narrowest table written.</summary>
    public const int MinimumWidth = 40;

    private const string Indent = " ";
    private const string Gap = "  ";
    private const string Cut = "...";
    private const int NarrowestText = 8;

    public static void Write(ModelSummary summary, TextWriter writer, int width)
    {
        writer.WriteLine("Model: " + summary.Model);
        if (summary.Layers.Count > 0) WriteTable(summary, writer, width);
        writer.WriteLine($"{Indent}Total params: {Count(summary.TotalParameters)} ({Size(summary.TotalBytes)})");
        writer.WriteLine($"{Indent}Trainable params: {Count(summary.TrainableParameters)} ({Size(summary.TrainableBytes)})");
        writer.WriteLine($"{Indent}Non-trainable params: {Count(summary.NonTrainableParameters)} ({Size(summary.NonTrainableBytes)})");
        foreach (var shared in summary.Shared) writer.WriteLine($"{Indent}{shared.Name} is {shared.SameAs} (counted once)");
    }

    private static void WriteTable(ModelSummary summary, TextWriter writer, int width)
    {
        string[] headers = ["Layer", "Type", "Params", "Trainable"];
        var rows = summary.Layers.Select(l => new[] { l.Name, l.Type, Count(l.Parameters), Count(l.Trainable) }).ToList();
        var widths = headers.Select((header, column) => rows.Select(r => r[column].Length).Append(header.Length).Max()).ToArray();

        // Too wide: the name and type columns give up columns, the wider first, down to a few characters each.
        var excess = Indent.Length + widths.Sum() + Gap.Length * (widths.Length - 1) - width;
        while (excess > 0 && Math.Max(widths[0], widths[1]) > NarrowestText)
        {
            widths[widths[0] >= widths[1] ? 0 : 1]--;
            excess--;
        }

        var rule = Indent + new string('-', widths.Sum() + Gap.Length * (widths.Length - 1));
        writer.WriteLine(Row(headers, widths));
        writer.WriteLine(rule);
        foreach (var row in rows) writer.WriteLine(Row(row, widths));
        writer.WriteLine(rule);
    }

    // Name and type left-aligned (a name cut at its start, which is less telling than its end), numbers right-aligned.
    private static string Row(string[] cells, int[] widths) =>
        Indent + string.Join(Gap,
            Fit(cells[0], widths[0], keepEnd: true).PadRight(widths[0]),
            Fit(cells[1], widths[1], keepEnd: false).PadRight(widths[1]),
            cells[2].PadLeft(widths[2]),
            cells[3].PadLeft(widths[3])).TrimEnd();

    private static string Fit(string text, int width, bool keepEnd)
    {
        if (text.Length <= width) return text;
        return keepEnd ? Cut + text[^(width - Cut.Length)..] : text[..(width - Cut.Length)] + Cut;
    }

    private static string Count(long count) => count.ToString("N0", CultureInfo.InvariantCulture);

    // Keras's readable_memory_size: 1024 to a unit, two decimals.
    private static string Size(double bytes)
    {
        string[] units = ["B", "KB", "MB", "GB", "TB", "PB"];
        var unit = 0;
        for (; bytes >= 1024 && unit < units.Length - 1; unit++) bytes /= 1024;
        return string.Create(CultureInfo.InvariantCulture, $"{bytes:F2} {units[unit]}");
    }
}
