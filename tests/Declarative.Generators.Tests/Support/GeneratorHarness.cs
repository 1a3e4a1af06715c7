using System.Collections.Immutable;
using Declarative.Generators;
using Declarative.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Declarative.Generators.Tests.Support;

/// <summary>Runs the generator on source text, against the real runtime library and TorchSharp.</summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp12);

    /// <summary>The framework's assemblies, the runtime library and TorchSharp: what a model project compiles against.</summary>
    public static ImmutableArray<MetadataReference> References => LazyReferences.Value;

    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyReferences = new(() =>
    {
        var framework = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(path) is "netstandard.dll" or "mscorlib.dll");
        var libraries = new[] { typeof(Declarative.Training.TrainingLoop).Assembly.Location, typeof(TorchSharp.torch).Assembly.Location };
        return framework.Concat(libraries).Distinct().Select(path => (MetadataReference)MetadataReference.CreateFromFile(path)).ToImmutableArray();
    });

    public static CSharpCompilation Compile(params string[] sources) =>
        CSharpCompilation.Create(
            "Models",
            sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: $"Model{i}.cs")),
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    /// <summary>The global usings <c>ImplicitUsings</c> gives a project of Microsoft.NET.Sdk (<c>dotnet new console</c>).</summary>
    public const string ImplicitUsings = """
        global using global::System;
        global using global::System.Collections.Generic;
        global using global::System.IO;
        global using global::System.Linq;
        global using global::System.Net.Http;
        global using global::System.Threading;
        global using global::System.Threading.Tasks;

        """;

    /// <summary>
    /// A project of the files given, as <c>dotnet new console</c> makes one (its implicit usings, nullable on), with
    /// the generator run: an executable if a file has top-level statements, a library of declarations otherwise.
    /// </summary>
    public static (GeneratorRunResult Result, Compilation Output) RunProject(IEnumerable<(string Path, string Source)> files)
    {
        var trees = files.Select(f => CSharpSyntaxTree.ParseText(f.Source, ParseOptions, path: f.Path)).ToList();
        var executable = trees.Any(t => t.GetRoot().ChildNodes().OfType<GlobalStatementSyntax>().Any());
        trees.Add(CSharpSyntaxTree.ParseText(ImplicitUsings, ParseOptions, path: "ImplicitUsings.g.cs"));
        var compilation = CSharpCompilation.Create(
            "Project",
            trees,
            References,
            new CSharpCompilationOptions(
                executable ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                warningLevel: 9999));  // every warning wave, as a project of a recent SDK gets
        var driver = CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        return (driver.GetRunResult().Results.Single(), output);
    }

    /// <summary>Every diagnostic of a compilation, the model analyzer's included, as a build reports them.</summary>
    public static Task<ImmutableArray<Diagnostic>> Diagnose(Compilation output) =>
        output.WithAnalyzers([new ModelAnalyzer()]).GetAllDiagnosticsAsync();

    public static GeneratorDriver CreateDriver() =>
        CSharpGeneratorDriver.Create(
            [new CallbacksGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator once; returns its result and the compilation with the generated code added.</summary>
    public static (GeneratorRunResult Result, Compilation Output) Run(params string[] sources)
    {
        var driver = CreateDriver().RunGeneratorsAndUpdateCompilation(Compile(sources), out var output, out _);
        return (driver.GetRunResult().Results.Single(), output);
    }

    /// <summary>Every file generated for one model, in the order written, each under a line naming it: what a baseline holds.</summary>
    public static string Generated(GeneratorRunResult result) =>
        string.Concat(result.GeneratedSources.Select(s => $"// ===== {s.HintName} =====\n{s.SourceText}"));

    /// <summary>The generated files by hint name.</summary>
    public static Dictionary<string, string> Files(GeneratorRunResult result) =>
        result.GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());

    /// <summary>Errors and warnings of a compilation (hidden and info diagnostics are ignored).</summary>
    public static IReadOnlyList<Diagnostic> Problems(Compilation compilation) =>
        compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
}
