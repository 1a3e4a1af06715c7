using BenchmarkDotNet.Attributes;
using Declarative.Metrics;
using TorchSharp;
using static TorchSharp.torch;

namespace Declarative.Benchmarks.MetricUpdates;

/// <summary>
/// What one batch costs each metric family, on a 10-class model's batch of 64 (probabilities and class indices; 10
/// outputs and targets for the regression family): the accumulator's <c>Update</c>, as the generated step calls it,
/// under <c>no_grad</c> in the batch's dispose scope. Every <c>Update</c> is device work only (no <c>.item()</c>, no copy
/// to the host): the host reads a metric once per epoch (<c>Read</c>). The reference row is one TorchSharp operation, the
/// unit every managed byte here is made of: the accumulators allocate nothing of their own (no arrays, no boxing, their
/// scalars made once), only the tensor handles of their intermediates.
/// </summary>
[MemoryDiagnoser]
public class MetricUpdateBenchmarks
{
    private const int Batch = 64;
    private const int Classes = 10;

    private Tensor _probabilities = null!;
    private Tensor _classes = null!;
    private Tensor _outputs = null!;
    private Tensor _targets = null!;
    private Tensor _sum = null!;

    private Accuracy _accuracy = null!;
    private TopKAccuracy _topK = null!;
    private FBetaScore _f1 = null!;
    private TruePositives _truePositives = null!;
    private Auc _auc = null!;
    private R2Score _r2 = null!;
    private CountingMetric _custom = null!;

    [GlobalSetup]
    public void Setup()
    {
        manual_seed(1);
        _probabilities = randn(Batch, Classes).softmax(-1);
        _classes = randint(0, Classes, Batch);
        _outputs = randn(Batch, Classes);
        _targets = randn(Batch, Classes);
        _sum = zeros(Classes);
        _accuracy = new Accuracy(new AccuracyAttribute(), CPU);
        _topK = new TopKAccuracy(new TopKAccuracyAttribute(), CPU);
        _f1 = new FBetaScore(new F1ScoreAttribute { Average = MetricAverage.Macro, Classes = Classes }, CPU);
        _truePositives = new TruePositives(new TruePositivesAttribute(), CPU);
        _auc = new Auc(new AUCAttribute(), CPU);
        _r2 = new R2Score(new R2ScoreAttribute(), CPU);
        _custom = new CountingMetric(CPU);
    }

    [Benchmark(Baseline = true, Description = "reference: one tensor operation (sum.add_(output.sum(0)))")]
    public void OneOperation()
    {
        using var scope = NewDisposeScope();
        _sum.add_(_probabilities.sum(dim: 0));
    }

    [Benchmark(Description = "mean of values: [Accuracy]")]
    public void Mean() => Update(_accuracy, _probabilities, _classes);

    [Benchmark(Description = "mean of values: [TopKAccuracy(K = 5)]")]
    public void TopK() => Update(_topK, _probabilities, _classes);

    [Benchmark(Description = "counts per class: [F1Score(Average = Macro, Classes = 10)]")]
    public void CountsPerClass()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        _f1.Update(_probabilities, _classes);
    }

    [Benchmark(Description = "counts at a threshold: [TruePositives]")]
    public void CountsAtAThreshold()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        _truePositives.Update(_probabilities, _classes);
    }

    [Benchmark(Description = "histogram of thresholds: [AUC] (200)")]
    public void Histogram()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        _auc.Update(_probabilities, _classes);
    }

    [Benchmark(Description = "sums per output: [R2Score]")]
    public void SumsPerOutput()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        _r2.Update(_outputs, _targets);
    }

    [Benchmark(Description = "a metric of one's own: [CustomMetric] (one add_)")]
    public void OwnMetric()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        _custom.Add(_probabilities, _classes);
    }

    [Benchmark(Description = "read once per epoch: [AUC] (to the host, 200 thresholds)")]
    public double ReadOnce() => _auc.Read();

    private static void Update(MeanMetric metric, Tensor output, Tensor target)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        metric.Update(output, target);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var metric in new MetricAccumulator[] { _accuracy, _topK, _f1, _truePositives, _auc, _r2, _custom }) metric.Dispose();
    }

    /// <summary>The smallest metric of one's own: one state tensor, one in-place add per batch.</summary>
    private sealed class CountingMetric : StatefulMetric
    {
        private readonly Tensor _total;

        public CountingMetric(Device device) : base(device) => _total = AddState("total", [Classes], ScalarType.Float32);

        public override void Update(Tensor output, Tensor target) => _total.add_(output.sum(dim: 0));

        protected override double Compute() => _total.sum().item<float>();
    }
}
