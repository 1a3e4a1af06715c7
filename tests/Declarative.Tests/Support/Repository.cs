using System.Reflection;

namespace Declarative.Tests.Support;

/// <summary>The repository's files, for tests that check the docs against the code.</summary>
internal static class Repository
{
    public static readonly string Root = typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryRoot").Value!;

    public static string Read(string relativePath) => File.ReadAllText(Path.Combine(Root, relativePath)).ReplaceLineEndings("\n");

    /// <summary>The lines of a source file between <c>// docs:begin name</c> and <c>// docs:end</c>, without their common indentation.</summary>
    public static string Region(string relativePath, string name)
    {
        var lines = Read(relativePath).Split('\n');
        var start = Array.FindIndex(lines, l => l.Trim() == "// docs:begin " + name) + 1;
        var end = Array.FindIndex(lines, start, l => l.Trim() == "// docs:end");
        Assert.True(start > 0 && end > start, $"No region '{name}' in {relativePath}.");
        var region = lines[start..end];
        var indent = region.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
        return string.Join("\n", region.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart()));
    }
}
