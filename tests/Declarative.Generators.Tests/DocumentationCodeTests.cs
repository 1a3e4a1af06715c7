using System.Reflection;
using Declarative.Generators.Tests.Support;
using Microsoft.CodeAnalysis;

namespace Declarative.Generators.Tests;

/// <summary>
/// The C# in the docs builds as a user who copies it would build it: each <c>```csharp</c> block of the READMEs and
/// docs/*.md is a file of a <c>dotnet new console</c> project referencing Declarative and TorchSharp, compiled with the
/// generator and the analyzer, and must give no error and no warning. The conventions are in docs/contributing.md
/// ("Code in the docs"); docs/diagnostics pages are checked by <see cref="DiagnosticCatalogTests"/>.
/// </summary>
public class DocumentationCodeTests
{
    private const string Compiled = "csharp";
    private const string Fragment = "csharp fragment";
    private const string Generated = "csharp generated";

    private static readonly string Root = typeof(DocumentationCodeTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryRoot").Value!;

    private static IEnumerable<string> Pages() =>
        new[] { "README.md", "src/Declarative/README.md" }
            .Concat(Directory.GetFiles(Path.Combine(Root, "docs"), "*.md").Select(f => "docs/" + Path.GetFileName(f)).Order(StringComparer.Ordinal));

    private static IEnumerable<CodeBlock> CSharpBlocks() =>
        Pages().SelectMany(page => MarkdownCode.Blocks(page, File.ReadAllText(Path.Combine(Root, page))))
            .Where(b => b.Info == "cs" || b.Info.StartsWith("csharp", StringComparison.Ordinal) || b.Info.StartsWith("c#", StringComparison.Ordinal));

    /// <summary>The compiled examples: each <c>```csharp</c> block with the blocks that continue it, by where the first one is.</summary>
    private static Dictionary<string, List<CodeBlock>> Examples()
    {
        var examples = new Dictionary<string, List<CodeBlock>>();
        List<CodeBlock>? last = null;
        foreach (var block in CSharpBlocks().Where(b => b.Info == Compiled))
        {
            if (block.Continues && last is not null && last[0].Page == block.Page) last.Add(block);
            else examples.Add(block.ToString(), last = [block]);
        }

        return examples;
    }

    public static TheoryData<string> ExampleNames => new(Examples().Keys);

    public static TheoryData<string> ExcerptNames => new(CSharpBlocks().Where(b => b.Info == Generated).Select(b => b.ToString()));

    [Theory]
    [MemberData(nameof(ExampleNames))]
    public async Task Each_example_builds_without_an_error_or_a_warning(string example)
    {
        var blocks = Examples()[example];
        Assert.False(blocks[0].Continues, $"{example} says it continues the block above, but no csharp block of its page is above it.");
        var (_, output) = GeneratorHarness.RunProject(blocks.Select(b => (b.ToString(), b.Code)));

        var problems = (await GeneratorHarness.Diagnose(output)).Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();

        Assert.True(problems.Count == 0, $"The example at {example} does not build clean:\n" + string.Join("\n", problems.Select(Describe)));
    }

    [Theory]
    [MemberData(nameof(ExcerptNames))]
    public void Each_excerpt_of_generated_code_is_what_the_generator_writes_for_the_example_above_it(string excerpt)
    {
        var block = CSharpBlocks().Single(b => b.ToString() == excerpt);
        var example = Examples().Values.LastOrDefault(e => e[0].Page == block.Page && e[0].Line < block.Line);
        Assert.True(example is not null, $"{excerpt} quotes generated code, but no compiled example is above it on its page.");
        var (result, _) = GeneratorHarness.RunProject(example.Select(b => (b.ToString(), b.Code)));
        var generated = Unindented(GeneratorHarness.Generated(result));

        var parts = Unindented(block.Code).Split("\n...\n");
        foreach (var part in parts)
        {
            Assert.True(generated.Contains(part.Trim('\n'), StringComparison.Ordinal),
                $"The excerpt at {excerpt} is not what the generator writes for the example at {example[0]}; this part is not in its output:\n{part}");
        }
    }

    [Fact]
    public void Every_csharp_block_is_compiled_or_marked_as_not_compilable()
    {
        var unknown = CSharpBlocks().Where(b => b.Info is not (Compiled or Fragment or Generated)).Select(b => $"{b} (```{b.Info})").ToList();
        Assert.True(unknown.Count == 0,
            $"Fence C# as ```{Compiled} (compiled), ```{Fragment} or ```{Generated} (see docs/contributing.md, \"Code in the docs\"):\n" + string.Join("\n", unknown));
    }

    /// <summary>A problem, at its line of the page (a block's file is named after the page and the line of its fence).</summary>
    private static string Describe(Diagnostic diagnostic)
    {
        var span = diagnostic.Location.GetLineSpan();
        var (page, fence) = span.Path.LastIndexOf(':') is var colon and > 0 && int.TryParse(span.Path[(colon + 1)..], out var line)
            ? (span.Path[..colon], line)
            : (span.Path, 0);
        return $"{page}:{fence + 1 + span.StartLinePosition.Line} {diagnostic.Id}: {diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
    }

    private static string Unindented(string code) =>
        string.Join("\n", code.ReplaceLineEndings("\n").Split('\n').Select(l => l.TrimStart()));
}
