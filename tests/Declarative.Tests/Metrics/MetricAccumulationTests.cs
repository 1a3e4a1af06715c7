using Declarative.Metrics;
using static Declarative.Tests.Metrics.MetricTesting;
using static TorchSharp.torch;

namespace Declarative.Tests.Metrics;

/// <summary>
/// Every built-in metric's epoch value is a function of everything the epoch saw, however it was cut into batches
/// (uneven last batch included), and its state carried through a backup in the middle of an epoch gives the same value.
/// </summary>
public class MetricAccumulationTests
{
    private const int Samples = 37;
    private const int Classes = 5;

    public static TheoryData<string> Metrics() => new(Factories.Keys);

    private static readonly Dictionary<string, Func<MetricAccumulator>> Factories = new()
    {
        ["accuracy"] = () => new Accuracy(new AccuracyAttribute(), CPU),
        ["precision macro"] = () => new Precision(new PrecisionAttribute { Average = MetricAverage.Macro, Classes = Classes }, CPU),
        ["recall weighted"] = () => new Recall(new RecallAttribute { Average = MetricAverage.Weighted, Classes = Classes, Threshold = 0.2 }, CPU),
        ["f1 micro"] = () => new FBetaScore(new F1ScoreAttribute(), CPU),
        ["f1 macro"] = () => new FBetaScore(new F1ScoreAttribute { Average = MetricAverage.Macro, Classes = Classes }, CPU),
        ["fbeta class 2"] = () => new FBetaScore(new FBetaScoreAttribute { Beta = 0.5, ClassId = 2 }, CPU),
        ["auc"] = () => new Auc(new AUCAttribute(), CPU),
        ["pr auc"] = () => new Auc(new AUCAttribute { Curve = AucCurve.PR, NumThresholds = 50 }, CPU),
        ["precision at recall"] = () => new PrecisionAtRecall(new PrecisionAtRecallAttribute(0.6), CPU),
        ["recall at precision"] = () => new RecallAtPrecision(new RecallAtPrecisionAttribute(0.3), CPU),
        ["true positives"] = () => new TruePositives(new TruePositivesAttribute { Threshold = 0.3 }, CPU),
        ["false negatives"] = () => new FalseNegatives(new FalseNegativesAttribute(), CPU),
        ["top 2"] = () => new TopKAccuracy(new TopKAccuracyAttribute { K = 2 }, CPU),
        ["rmse"] = () => new RootMeanSquaredError(new RootMeanSquaredErrorAttribute(), CPU),
        ["mape"] = () => new MeanAbsolutePercentageError(new MeanAbsolutePercentageErrorAttribute(), CPU),
        ["msle"] = () => new MeanSquaredLogarithmicError(new MeanSquaredLogarithmicErrorAttribute(), CPU),
        ["cosine"] = () => new CosineSimilarity(new CosineSimilarityAttribute(), CPU),
        ["r2"] = () => new R2Score(new R2ScoreAttribute(), CPU),
        ["r2 weighted"] = () => new R2Score(new R2ScoreAttribute { ClassAggregation = R2Aggregation.VarianceWeightedAverage, NumRegressors = 2 }, CPU),
    };

    // Probabilities over 5 classes with class-index targets (classification), or 5 outputs and targets (regression).
    private static (Tensor Output, Tensor Target) Data(string metric)
    {
        using var generator = new TorchSharp.torch.Generator(7);
        var regression = metric is "rmse" or "mape" or "msle" or "cosine" or "r2" or "r2 weighted";
        if (regression) return (rand(Samples, Classes, generator: generator) * 3, rand(Samples, Classes, generator: generator) * 3);
        var output = randn(Samples, Classes, generator: generator).softmax(-1);
        return (output, randint(0, Classes, Samples, generator: generator));
    }

    // Counts are exact; the means add each batch's float32 sum to a float64 total, so the cut moves the 7th digit.
    private static double Tolerance(double value) => Math.Abs(value) * 1e-6;

    [Theory]
    [MemberData(nameof(Metrics))]
    public void Many_uneven_batches_give_the_value_of_one_batch_of_everything(string metric)
    {
        var (output, target) = Data(metric);
        var whole = Value(Factories[metric](), output, target);
        var batched = Value(Factories[metric](), output, target, 1, 8, 16, 30);
        Assert.False(double.IsNaN(whole));
        Assert.Equal(whole, batched, Tolerance(whole));
    }

    [Theory]
    [MemberData(nameof(Metrics))]
    public void State_saved_in_the_middle_of_an_epoch_and_loaded_into_a_new_metric_gives_the_same_value(string metric)
    {
        var (output, target) = Data(metric);
        var expected = Value(Factories[metric](), output, target);

        using var first = Factories[metric]();
        using var stream = new MemoryStream();
        using (no_grad()) Update(first, output[..20], target[..20]);
        first.SaveState(new BinaryWriter(stream));
        stream.Position = 0;

        using var resumed = Factories[metric]();
        resumed.LoadState(new BinaryReader(stream));
        using (no_grad()) Update(resumed, output[20..], target[20..]);
        Assert.Equal(expected, resumed.Read(), Tolerance(expected));
        Assert.Equal(first.Count + output[20..].shape[0] * (first.Count / 20), resumed.Count);
    }

    [Theory]
    [MemberData(nameof(Metrics))]
    public void Reset_starts_the_next_epoch_afresh(string metric)
    {
        var (output, target) = Data(metric);
        var expected = Value(Factories[metric](), output[10..], target[10..]);
        using var reused = Factories[metric]();
        using (no_grad())
        {
            Update(reused, output[..10], target[..10]);
            reused.Reset();
            Update(reused, output[10..], target[10..]);
        }

        Assert.Equal(expected, reused.Read(), Tolerance(expected));
    }
}
