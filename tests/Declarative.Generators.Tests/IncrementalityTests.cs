using Declarative.Generators.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Declarative.Generators.Tests;

/// <summary>
/// The pipeline does no work again for edits that cannot change its output, and only the touched model's work for
/// edits that can (the tracked steps of LoggerMessage's and Mapperly's incremental tests).
/// </summary>
public class IncrementalityTests
{
    private static string Model(string name, string monitor = "val_loss", string body = "") => Verify.Usings + $$"""
        namespace Demo;
        [Accuracy]
        [EarlyStopping(Monitor = "{{monitor}}", Patience = 3)]
        public partial class {{name}} : nn.Module<Tensor, Tensor>
        {
            public {{name}}() : base("{{name}}") { }
            public override Tensor forward(Tensor input) => input;
            {{body}}
        }
        """;

    private static readonly IncrementalStepRunReason[] CachedOrUnchanged = [IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged];

    private const string Unrelated = "namespace Demo; public static class Helpers { public static int Twice(int x) => x * 2; }";

    private static (GeneratorDriver Driver, CSharpCompilation Compilation) Start()
    {
        var compilation = GeneratorHarness.Compile(Model("First"), Model("Second"), Unrelated);
        return (GeneratorHarness.CreateDriver().RunGenerators(compilation), compilation);
    }

    private static GeneratorRunResult Rerun(GeneratorDriver driver, CSharpCompilation compilation, int tree, string newText)
    {
        var edited = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.ElementAt(tree), CSharpSyntaxTree.ParseText(newText, GeneratorHarness.ParseOptions, path: $"Model{tree}.cs"));
        return driver.RunGenerators(edited).GetRunResult().Results.Single();
    }

    private static IEnumerable<IncrementalStepRunReason> Reasons(GeneratorRunResult result, string step) =>
        result.TrackedSteps.TryGetValue(step, out var runs) ? runs.SelectMany(r => r.Outputs).Select(o => o.Reason) : [];

    private static IEnumerable<IncrementalStepRunReason> OutputReasons(GeneratorRunResult result) =>
        result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(r => r.Outputs).Select(o => o.Reason);

    [Fact]
    public void An_unrelated_edit_leaves_every_step_cached_or_unchanged()
    {
        var (driver, compilation) = Start();
        var result = Rerun(driver, compilation, 2, Unrelated.Replace("x * 2", "x + x"));

        Assert.NotEmpty(Reasons(result, TrackingNames.Model));
        Assert.NotEmpty(Reasons(result, TrackingNames.ValidModel));
        Assert.NotEmpty(OutputReasons(result));
        foreach (var step in new[] { TrackingNames.Model, TrackingNames.ValidModel })
            Assert.All(Reasons(result, step), reason => Assert.Contains(reason, CachedOrUnchanged));
        Assert.All(OutputReasons(result), reason => Assert.Equal(IncrementalStepRunReason.Cached, reason));
    }

    [Fact]
    public void An_edit_inside_a_models_body_reparses_it_but_regenerates_nothing()
    {
        var (driver, compilation) = Start();
        var result = Rerun(driver, compilation, 0, Model("First", body: "int Unused() => 1;"));

        Assert.Contains(IncrementalStepRunReason.Unchanged, Reasons(result, TrackingNames.Model));
        Assert.NotEmpty(Reasons(result, TrackingNames.ValidModel));
        Assert.All(Reasons(result, TrackingNames.ValidModel), reason => Assert.Contains(reason, CachedOrUnchanged));
        Assert.NotEmpty(OutputReasons(result));
        Assert.All(OutputReasons(result), reason => Assert.Equal(IncrementalStepRunReason.Cached, reason));
    }

    [Fact]
    public void An_attribute_change_regenerates_only_that_model()
    {
        var (driver, compilation) = Start();
        var result = Rerun(driver, compilation, 1, Model("Second", monitor: "val_accuracy"));

        Assert.Equal(1, Reasons(result, TrackingNames.ValidModel).Count(r => r == IncrementalStepRunReason.Modified));
        Assert.Equal(1, OutputReasons(result).Count(r => r == IncrementalStepRunReason.Modified));
        Assert.Equal(1, OutputReasons(result).Count(r => r == IncrementalStepRunReason.Cached));
        Assert.Contains("Monitor = \"val_accuracy\"", result.GeneratedSources.Single(s => s.HintName == "Demo.Second.Callbacks.g.cs").SourceText.ToString());
    }

    [Fact]
    public void A_new_model_adds_only_its_own_output()
    {
        var (driver, compilation) = Start();
        var result = driver.RunGenerators(compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(Model("Third"), GeneratorHarness.ParseOptions, path: "Model3.cs")))
            .GetRunResult().Results.Single();

        Assert.Equal(1, OutputReasons(result).Count(r => r == IncrementalStepRunReason.New));
        Assert.Equal(2, OutputReasons(result).Count(r => r == IncrementalStepRunReason.Cached));
        Assert.Equal(3 * 4, result.GeneratedSources.Length); // four files per model
    }
}
