using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Declarative.Benchmarks.SourceGenerator;

/// <summary>
/// The generator on a project of 10, 100 or 500 annotated models: a full run on a fresh compilation (a build), and a
/// run of a driver that has already seen the project after an edit to a plain file (a keystroke in the IDE elsewhere)
/// or to one model's attribute. Each iteration gets a compilation nothing has bound yet, as the compiler's would be.
/// The floor row is <see cref="AttributeLookupOnlyGenerator"/>: Roslyn's own share of any re-run.
/// </summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private SyntheticProject _project = null!;
    private CSharpCompilation _compilation = null!;
    private GeneratorDriver _warmDriver = null!;
    private GeneratorDriver _warmFloorDriver = null!;
    private CSharpCompilation _next = null!;
    private int _version;

    [Params(10, 100, 500)]
    public int Models { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _project = new SyntheticProject(Models);
        _compilation = _project.Compile();
        _warmDriver = SyntheticProject.CreateDriver().RunGenerators(_compilation);
        _warmFloorDriver = SyntheticProject.CreateDriver(new AttributeLookupOnlyGenerator()).RunGenerators(_compilation);
        var generated = _warmDriver.GetRunResult().GeneratedTrees.Length;
        // Four files per model: its entry points, callbacks, logs and step.
        if (generated != 4 * Models) throw new InvalidOperationException($"Expected four generated files per model ({4 * Models}), got {generated}.");
    }

    [IterationSetup(Target = nameof(FullRun))]
    public void FreshCompilation() => _next = _project.Compile();

    [IterationSetup(Targets = [nameof(AfterUnrelatedEdit), nameof(FloorAfterUnrelatedEdit)])]
    public void UnrelatedEdit() => _next = _project.WithUnrelatedEdit(_compilation, ++_version);

    [IterationSetup(Target = nameof(AfterAttributeChange))]
    public void AttributeChange() => _next = _project.WithAttributeChange(_compilation, ++_version);

    [Benchmark(Description = "full run")]
    public GeneratorDriver FullRun() => SyntheticProject.CreateDriver().RunGenerators(_next);

    [Benchmark(Description = "re-run, unrelated edit")]
    public GeneratorDriver AfterUnrelatedEdit() => _warmDriver.RunGenerators(_next);

    [Benchmark(Description = "re-run, one attribute changed")]
    public GeneratorDriver AfterAttributeChange() => _warmDriver.RunGenerators(_next);

    [Benchmark(Description = "floor: attribute lookup only, re-run, unrelated edit")]
    public GeneratorDriver FloorAfterUnrelatedEdit() => _warmFloorDriver.RunGenerators(_next);
}
