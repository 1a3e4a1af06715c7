using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Declarative.Benchmarks.Support;
using static TorchSharp.torch;

namespace Declarative.Benchmarks.Training;

/// <summary>
/// A whole training run of the main sample's workload: <c>Fit</c> with the seed callbacks against
/// <see cref="HandWrittenLoop"/>, which does the same work by hand. Each iteration trains a fresh, identically seeded
/// model in a fresh folder until early stopping ends the run. Before measuring, both are run once and their final
/// weights compared: the benchmark refuses to run if they are not identical.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 3, iterationCount: 30)]
public class TrainingBenchmarks
{
    private TrainingWorkload _data = null!;
    private string _home = null!;
    private string _folder = null!;
    private BenchmarkClassifier _model = null!;
    private optim.Optimizer _optimizer = null!;

    [GlobalSetup]
    public void Setup()
    {
        _home = Environment.CurrentDirectory;
        _data = TrainingWorkload.Create();
        var comparison = TrainingComparison.Run(_data);
        Console.WriteLine($"// Fit and the hand-written loop: {comparison}");
        if (!comparison.Identical) throw new InvalidOperationException("Fit and the hand-written loop did not do the same work: " + comparison);
    }

    [GlobalCleanup]
    public void Cleanup() => _data.Dispose();

    [IterationSetup]
    public void Prepare()
    {
        _folder = ScratchFolder.Create("declarative-training-");
        Environment.CurrentDirectory = _folder;
        (_model, _optimizer) = _data.CreateModel();
    }

    [IterationCleanup]
    public void Finish()
    {
        _model.Dispose();
        _optimizer.Dispose();
        Environment.CurrentDirectory = _home;
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "hand-written loop")]
    public void HandWritten() => HandWrittenLoop.Run(_model, _optimizer, _data, TextWriter.Null);

    [Benchmark(Description = "Fit, seed callbacks")]
    public void Fit() => FitRun.Run(_model, _optimizer, _data);
}
