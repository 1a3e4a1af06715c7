using System.Text.RegularExpressions;

namespace Declarative.IntegrationTests.Support;

/// <summary>Source with <c>{|DCB0004:"val_los"|}</c> markers, as in Microsoft.CodeAnalysis.Testing, turned into plain text and expected positions.</summary>
internal static partial class Markup
{
    public static (string Text, List<(string Id, int Line, int Column)> Expected) Parse(string markup)
    {
        var expected = new List<(string, int, int)>();
        var text = markup;
        while (Marker().Match(text) is { Success: true } match)
        {
            var before = text[..match.Index];
            var line = before.Count(c => c == '\n') + 1;
            var column = match.Index - (before.LastIndexOf('\n') + 1) + 1;
            expected.Add((match.Groups["id"].Value, line, column));
            text = text[..match.Index] + match.Groups["span"].Value + text[(match.Index + match.Length)..];
        }

        return (text, expected);
    }

    [GeneratedRegex(@"\{\|(?<id>DCB\d{4}):(?<span>.*?)\|\}")]
    private static partial Regex Marker();
}
