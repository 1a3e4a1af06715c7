extern alias generators;

using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Declarative.Benchmarks.SourceGenerator;

/// <summary>
/// A project with <c>n</c> annotated models, one file each, configured as a typical user configures them, and one file
/// of plain code; compiled against the framework, the runtime library and TorchSharp.
/// </summary>
public sealed class SyntheticProject
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly ImmutableArray<MetadataReference> References =
    [
        .. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(path) is "netstandard.dll" or "mscorlib.dll")
            .Append(typeof(EarlyStoppingAttribute).Assembly.Location)
            .Append(typeof(TorchSharp.torch).Assembly.Location)
            .Distinct()
            .Select(path => MetadataReference.CreateFromFile(path)),
    ];

    public SyntheticProject(int models)
    {
        Trees = [.. Enumerable.Range(0, models).Select(i => Parse(Model(i, patience: 3), $"Model{i}.cs")), Parse(Helpers(0), "Helpers.cs")];
    }

    /// <summary>The models' files, then the plain file.</summary>
    public ImmutableArray<SyntaxTree> Trees { get; }

    /// <summary>A new compilation of the files, with nothing bound yet (as the compiler starts a build).</summary>
    public CSharpCompilation Compile() =>
        CSharpCompilation.Create(
            "Models", Trees, References, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    /// <summary>The compilation after an edit of the plain file's method body (the <paramref name="version"/>-th such edit).</summary>
    public CSharpCompilation WithUnrelatedEdit(CSharpCompilation compilation, int version) =>
        compilation.ReplaceSyntaxTree(Trees[^1], Parse(Helpers(version), "Helpers.cs"));

    /// <summary>The compilation after the first model's patience was changed.</summary>
    public CSharpCompilation WithAttributeChange(CSharpCompilation compilation, int version) =>
        compilation.ReplaceSyntaxTree(Trees[0], Parse(Model(0, patience: 4 + version % 100), "Model0.cs"));

    /// <summary>A driver for <paramref name="generator"/> (ours by default) as the compiler creates one: no step tracking.</summary>
    public static GeneratorDriver CreateDriver(IIncrementalGenerator? generator = null) =>
        CSharpGeneratorDriver.Create([(generator ?? new generators::Declarative.Generators.CallbacksGenerator()).AsSourceGenerator()], parseOptions: ParseOptions);

    private static SyntaxTree Parse(string text, string path) => CSharpSyntaxTree.ParseText(text, ParseOptions, path);

    private static string Model(int i, int patience) => $$"""
        using Declarative;
        using TorchSharp;
        using static TorchSharp.torch;

        namespace Models.Group{{i % 10}};

        [Accuracy]
        [EarlyStopping(Monitor = "val_loss", Patience = {{patience}}, RestoreBestWeights = true)]
        [ModelCheckpoint("checkpoints/model{{i}}-{epoch:02d}-{val_loss:.3f}.bin", Monitor = "val_loss", SaveBestOnly = true)]
        [LearningRateScheduler(nameof(Schedule))]
        [CsvLogger("runs/model{{i}}/history.csv")]
        [TensorBoard("runs/model{{i}}/tensorboard")]
        public partial class Model{{i}} : nn.Module<Tensor, Tensor>
        {
            private readonly TorchSharp.Modules.Linear _layer = nn.Linear(4, 3);

            public Model{{i}}() : base("Model{{i}}") => RegisterComponents();

            public override Tensor forward(Tensor input) => _layer.call(input);

            private static double Schedule(int epoch, double learningRate) => epoch < 10 ? learningRate : learningRate * 0.9;

            [OnEpochEnd]
            private void Report(int epoch, Model{{i}}Logs logs) => System.Console.WriteLine(logs.ValAccuracy);
        }
        """;

    private static string Helpers(int version) => $$"""
        namespace Models;

        public static class Helpers
        {
            public static int Scale(int x) => x * {{version + 2}};
        }
        """;
}
