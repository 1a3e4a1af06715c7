namespace Declarative.Generators.Tests.Support;

/// <summary>A fenced code block of a Markdown page: its info string (<c>csharp</c>, <c>csharp fragment</c>), its text, and the line its fence opens on.</summary>
internal sealed record CodeBlock(string Page, int Line, string Info, string Code)
{
    /// <summary>The first line that says a block goes on from the one before it (compiled with it, as another file of the same project).</summary>
    public const string ContinuationLine = "// Continues the block above";

    public bool Continues => Code.TrimStart().StartsWith(ContinuationLine, StringComparison.Ordinal);

    public override string ToString() => $"{Page}:{Line}";
}

/// <summary>Reads the fenced code blocks of a Markdown page (fences of backticks, indented or not, as in lists).</summary>
internal static class MarkdownCode
{
    public static IReadOnlyList<CodeBlock> Blocks(string page, string text)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        var blocks = new List<CodeBlock>();
        for (var i = 0; i < lines.Length; i++)
        {
            var opening = lines[i].TrimStart();
            if (!opening.StartsWith("```", StringComparison.Ordinal)) continue;
            var indent = lines[i].Length - opening.Length;
            var end = Array.FindIndex(lines, i + 1, l => l.Trim() == "```");
            if (end < 0) throw new InvalidOperationException($"{page}:{i + 1}: a code fence is never closed.");
            var code = lines[(i + 1)..end].Select(l => l.Length >= indent && l[..indent].Trim().Length == 0 ? l[indent..] : l.TrimStart());
            blocks.Add(new CodeBlock(page, i + 1, opening[3..].Trim(), string.Join("\n", code) + "\n"));
            i = end;
        }

        return blocks;
    }
}
