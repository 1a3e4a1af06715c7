using System.Collections.Immutable;
using System.Reflection;
using System.Text.RegularExpressions;
using Declarative.Generators.Diagnostics;
using Declarative.Generators.Tests.Support;
using Microsoft.CodeAnalysis;

namespace Declarative.Generators.Tests;

/// <summary>
/// The catalog of diagnostics: each has a help link to its page in docs/diagnostics, is tracked in the analyzer
/// release files, and its page's examples are right (the wrong one raises it, the fixed one builds clean).
/// </summary>
public class DiagnosticCatalogTests
{
    private static readonly string Root = typeof(DiagnosticCatalogTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryRoot").Value!;

    // Where the package says its repository is: the links follow it, not a copy of it.
    private static readonly string RepositoryUrl =
        System.Xml.Linq.XDocument.Load(Path.Combine(Root, "Directory.Build.props")).Descendants("RepositoryUrl").Single().Value.TrimEnd('/');

    public static TheoryData<string> Ids => new(new ModelAnalyzer().SupportedDiagnostics.Select(d => d.Id));

    private static DiagnosticDescriptor Descriptor(string id) => new ModelAnalyzer().SupportedDiagnostics.Single(d => d.Id == id);

    private static string Page(string id) => File.ReadAllText(Path.Combine(Root, "docs", "diagnostics", id + ".md"));

    [Theory]
    [MemberData(nameof(Ids))]
    public void Each_diagnostic_links_to_its_page_and_is_listed(string id)
    {
        var descriptor = Descriptor(id);
        Assert.Equal($"{RepositoryUrl}/blob/main/docs/diagnostics/{id}.md", descriptor.HelpLinkUri);
        Assert.StartsWith($"# {id}: {descriptor.Title}", Page(id));
        Assert.Contains($"[{id}]({id}.md)", File.ReadAllText(Path.Combine(Root, "docs", "diagnostics", "README.md")));
        Assert.Contains($"{id} | {descriptor.Category} | {descriptor.DefaultSeverity}", File.ReadAllText(Path.Combine(Root, "generators", "Declarative.Generators", "AnalyzerReleases.Unshipped.md")));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public async Task Each_page_has_a_wrong_example_that_raises_it_and_a_fixed_one_that_builds(string id)
    {
        var examples = Regex.Matches(Page(id), "```csharp\n(.*?)```", RegexOptions.Singleline).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(2, examples.Count);

        var wrong = await Diagnose(examples[0]);
        Assert.Contains(wrong, d => d.Id == id);

        var fixedExample = await Diagnose(examples[1]);
        Assert.Empty(fixedExample.Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }

    private static async Task<ImmutableArray<Diagnostic>> Diagnose(string example)
    {
        var (_, output) = GeneratorHarness.Run(Verify.Usings + example);
        return await GeneratorHarness.Diagnose(output);
    }
}
