using System.Reflection;

namespace Declarative.Generators.Tests.Support;

/// <summary>
/// Checked-in expected generator output. Set DECLARATIVE_UPDATE_BASELINES=1 to rewrite the files from the current
/// output (then review the diff and commit it).
/// </summary>
internal static class Baseline
{
    private static readonly string Directory = typeof(Baseline).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "BaselineDirectory").Value!;

    private static bool Update => Environment.GetEnvironmentVariable("DECLARATIVE_UPDATE_BASELINES") == "1";

    public static void Verify(string name, string actual)
    {
        var path = Path.Combine(Directory, name);
        if (Update)
        {
            File.WriteAllText(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"No baseline {path}; run the tests with DECLARATIVE_UPDATE_BASELINES=1 to create it.");
        var expected = File.ReadAllText(path).ReplaceLineEndings("\n");
        if (expected == actual) return;
        var line = expected.Split('\n').Zip(actual.Split('\n')).TakeWhile(pair => pair.First == pair.Second).Count() + 1;
        Assert.Fail($"Generated code differs from {name} at line {line}; if the change is intended, rerun with DECLARATIVE_UPDATE_BASELINES=1 and review the diff.\n" +
                    $"expected: {expected.Split('\n').ElementAtOrDefault(line - 1)}\nactual:   {actual.Split('\n').ElementAtOrDefault(line - 1)}");
    }
}
