// Shared by the runtime library and the source generator (linked into both), so it stays netstandard2.0-compatible.
#nullable enable

using System;
using System.Globalization;

namespace Declarative;

/// <summary>Durations as attributes take them: <c>"hh:mm:ss"</c>, <c>"d.hh:mm:ss"</c> (as .NET writes time spans) or <c>"dd:hh:mm:ss"</c> (as Lightning does).</summary>
internal static class DurationText
{
    /// <summary>How to write one, for messages.</summary>
    public const string Expected = "write it as \"hh:mm:ss\", \"d.hh:mm:ss\" or \"dd:hh:mm:ss\" (\"00:30:00\" is half an hour)";

    /// <summary>The duration, or null when <paramref name="text"/> is not one.</summary>
    public static TimeSpan? Parse(string? text)
    {
        if (text is null) return null;
        var parts = text.Split(':');
        var normalized = parts.Length == 4 ? parts[0] + "." + string.Join(":", parts, 1, 3) : text;
        return TimeSpan.TryParseExact(normalized, "c", CultureInfo.InvariantCulture, out var duration) ? duration : null;
    }

    /// <summary>The canonical text of a duration (<c>"00:30:00"</c>), or the text as written when it is not one.</summary>
    public static string? Canonical(string? text) => Parse(text)?.ToString("c", CultureInfo.InvariantCulture) ?? text;
}
