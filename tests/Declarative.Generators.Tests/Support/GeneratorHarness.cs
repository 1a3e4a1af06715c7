using System.Collections.Immutable;
using Declarative.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

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
