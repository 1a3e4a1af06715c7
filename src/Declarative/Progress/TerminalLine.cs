using System;
using System.Collections.Generic;
using System.Text;

namespace Declarative.Progress;

/// <summary>Text fitted to a terminal's width: parts joined with " - " onto as many lines as they need, or one line cut short.</summary>
internal static class TerminalLine
{
    private const string Separator = " - ";
    private const string Continuation = "    ";

    /// <summary>
    /// The parts on lines of at most <paramref name="width"/> columns: as many as fit on each, later lines indented;
    /// a part longer than a line gets a line of its own (the terminal wraps it).
    /// </summary>
    public static IReadOnlyList<string> Wrap(IReadOnlyList<string> parts, int width)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        foreach (var part in parts)
        {
            if (line.Length == 0) line.Append(lines.Count == 0 ? string.Empty : Continuation).Append(part);
            else if (line.Length + Separator.Length + part.Length <= width) line.Append(Separator).Append(part);
            else
            {
                lines.Add(line.ToString());
                line.Clear().Append(Continuation).Append(part);
            }
        }

        if (line.Length > 0) lines.Add(line.ToString());
        return lines;
    }

    /// <summary>
    /// A message on rows of at most <paramref name="width"/> columns, broken between words (a word longer than a row is
    /// cut), later rows indented as an epoch line's are.
    /// </summary>
    public static IReadOnlyList<string> WrapWords(string text, int width)
    {
        var rows = new List<string>();
        var rest = text.AsSpan().TrimEnd();
        var indent = string.Empty;
        while (true)
        {
            var room = Math.Max(1, width - indent.Length);
            if (rest.Length <= room)
            {
                rows.Add(indent + rest.ToString());
                return rows;
            }

            var cut = rest[..(room + 1)].LastIndexOf(' ');
            if (cut <= 0) cut = room;
            rows.Add(indent + rest[..cut].TrimEnd().ToString());
            rest = rest[cut..].TrimStart();
            if (rest.Length == 0) return rows;
            indent = width > 2 * Continuation.Length ? Continuation : string.Empty;
        }
    }

    /// <summary>The text cut to <paramref name="width"/> columns, ending in an ellipsis when cut.</summary>
    public static string Fit(string text, int width) =>
        text.Length <= width ? text : width <= 1 ? string.Empty : text.Substring(0, width - 1) + "…";

    /// <summary>The parts joined on one line, as piped output and logs have them.</summary>
    public static string Join(IEnumerable<string> parts) => string.Join(Separator, parts);

    /// <summary>Keras's ETA text: <c>ETA 3s</c>, <c>ETA 1:02</c>, or <c>ETA -</c> before there is an estimate.</summary>
    public static string Eta(TimeSpan? remaining) => "ETA " + (remaining is { } left ? MetricText.Duration(left < TimeSpan.Zero ? TimeSpan.Zero : left) : "-");
}
