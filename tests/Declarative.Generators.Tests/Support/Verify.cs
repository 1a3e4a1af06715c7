using System.Collections.Immutable;
using Declarative.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace Declarative.Generators.Tests.Support;

/// <summary>
/// Analyzer and code-fix tests in Microsoft.CodeAnalysis.Testing's markup (<c>{|DCB0004:"val_los"|}</c>), with the
/// generator running as in a real build, against the local framework, TorchSharp and the runtime library (nothing is
/// downloaded).
/// </summary>
internal static class Verify
{
    public const string Usings = """
        using Declarative;
        using Declarative.Training;
        using TorchSharp;
        using TorchSharp.Modules;
        using static TorchSharp.torch;

        """;

    private static readonly ReferenceAssemblies LocalFramework = new("net10.0");

    private static readonly ImmutableArray<MetadataReference> References = GeneratorHarness.References;

    public static Task Analyzer(string source, params DiagnosticResult[] expected)
    {
        var test = new AnalyzerTest { TestCode = Usings + source };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    public static Task CodeFix<TFix>(string source, string fixedSource, int? actionIndex = null, string? equivalenceKey = null)
        where TFix : CodeFixProvider, new()
    {
        var test = new CodeFixTest<TFix>
        {
            TestCode = Usings + source,
            FixedCode = Usings + fixedSource,
            CodeActionIndex = actionIndex,
            CodeActionEquivalenceKey = equivalenceKey,
        };
        return test.RunAsync();
    }

    private static void Configure(SolutionState state)
    {
        state.AdditionalReferences.AddRange(References);
    }

    private sealed class AnalyzerTest : CSharpAnalyzerTest<ModelAnalyzer, DefaultVerifier>
    {
        public AnalyzerTest()
        {
            ReferenceAssemblies = LocalFramework;
            Configure(TestState);
            TestBehaviors |= TestBehaviors.SkipGeneratedSourcesCheck;
        }

        protected override ParseOptions CreateParseOptions() => GeneratorHarness.ParseOptions;

        protected override IEnumerable<Type> GetSourceGenerators() => [typeof(CallbacksGenerator)];
    }

    private sealed class CodeFixTest<TFix> : CSharpCodeFixTest<ModelAnalyzer, TFix, DefaultVerifier>
        where TFix : CodeFixProvider, new()
    {
        public CodeFixTest()
        {
            ReferenceAssemblies = LocalFramework;
            Configure(TestState);
            Configure(FixedState);
            TestBehaviors |= TestBehaviors.SkipGeneratedSourcesCheck;
        }

        protected override ParseOptions CreateParseOptions() => GeneratorHarness.ParseOptions;

        protected override IEnumerable<Type> GetSourceGenerators() => [typeof(CallbacksGenerator)];
    }
}
