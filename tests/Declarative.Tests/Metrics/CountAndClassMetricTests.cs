using Declarative.Metrics;
using static Declarative.Tests.Metrics.MetricTesting;
using static TorchSharp.torch;

namespace Declarative.Tests.Metrics;

/// <summary>
/// [TruePositives], [FalsePositives], [TrueNegatives], [FalseNegatives] and the per-class settings of [Precision] and
/// [Recall] compute Keras's values (keras/src/metrics/confusion_metrics.py and confusion_metrics_test.py).
/// </summary>
public class CountAndClassMetricTests
{
    [Fact]
    public void Counts_are_Keras_s_docstring_values()
    {
        // confusion_metrics.py docstrings: each count is 2 on its example.
        Assert.Equal(2.0, Count(new TruePositives(new TruePositivesAttribute(), CPU), [1, 0, 1, 1], [0, 1, 1, 1]));
        Assert.Equal(2.0, Count(new FalsePositives(new FalsePositivesAttribute(), CPU), [0, 0, 1, 1], [0, 1, 0, 0]));
        Assert.Equal(2.0, Count(new TrueNegatives(new TrueNegativesAttribute(), CPU), [1, 1, 0, 0], [0, 1, 0, 0]));
        Assert.Equal(2.0, Count(new FalseNegatives(new FalseNegativesAttribute(), CPU), [0, 1, 0, 0], [0, 1, 1, 1]));
    }

    [Theory]
    [InlineData(0.15, 7)]
    [InlineData(0.5, 4)]
    [InlineData(0.85, 2)]
    public void False_positives_at_a_threshold_are_Keras_s(double threshold, double expected)
    {
        // confusion_metrics_test.py: FalsePositives(thresholds=[0.15, 0.5, 0.85]) -> [7, 4, 2].
        var output = Rows([0.9f, 0.2f, 0.8f, 0.1f], [0.2f, 0.9f, 0.7f, 0.6f], [0.1f, 0.2f, 0.4f, 0.3f], [0, 1, 0.7f, 0.3f]);
        var target = Rows([0, 1, 1, 0], [1, 0, 0, 0], [0, 0, 0, 0], [1, 1, 1, 1]);
        Assert.Equal(expected, Value(new FalsePositives(new FalsePositivesAttribute { Threshold = threshold }, CPU), output, target, 1));
    }

    [Fact]
    public void Precision_and_recall_of_one_class_are_Keras_s_class_id_values()
    {
        // confusion_metrics_test.py: Precision(class_id=1) and Recall(class_id=1) -> 1.0 on these rows.
        var output = Rows([0.1f, 0.2f, 0.7f], [0.5f, 0.3f, 0.2f], [0.2f, 0.6f, 0.2f], [0.7f, 0.2f, 0.1f], [0.1f, 0.1f, 0.8f]);
        var target = Rows([0, 0, 1], [1, 0, 0], [0, 1, 0], [1, 0, 0], [0, 0, 1]);
        Assert.Equal(1.0, Value(new Precision(new PrecisionAttribute { ClassId = 1 }, CPU), output, target));
        Assert.Equal(1.0, Value(new Recall(new RecallAttribute { ClassId = 1 }, CPU), output, target, 2));
        // Class 0: predicted positive in rows 2 and 4 (0.5 is not above 0.5): row 4 only, truly: precision 1, recall 1/2.
        Assert.Equal(1.0, Value(new Precision(new PrecisionAttribute { ClassId = 0 }, CPU), output, target));
        Assert.Equal(0.5, Value(new Recall(new RecallAttribute { ClassId = 0 }, CPU), output, target));
    }

    [Fact]
    public void Macro_and_weighted_precision_average_the_classes_own_values()
    {
        // Per class at 0.5 (class indices as targets): class 0 TP 1 (row 4), FP 0, FN 1 (row 2) -> P 1, R 1/2;
        // class 1 TP 1, FP 0, FN 0 -> P 1, R 1; class 2 TP 1 (row 5), FP 1 (row 1), FN 0 -> P 1/2, R 1.
        var output = Rows([0.1f, 0.2f, 0.7f], [0.5f, 0.3f, 0.2f], [0.2f, 0.6f, 0.2f], [0.7f, 0.2f, 0.1f], [0.1f, 0.1f, 0.8f]);
        using var target = tensor(new long[] { 1, 0, 1, 0, 2 });
        // Row 1's target is class 1 (not predicted: a FN of class 1 and a FP of class 2).
        // Class 0: TP 1, FP 0, FN 1 (P 1, R 1/2, 2 positives); class 1: TP 1, FP 0, FN 1 (P 1, R 1/2, 2 positives); class 2: TP 1, FP 1, FN 0 (P 1/2, R 1, 1 positive).
        Assert.Equal((1 + 1 + 0.5) / 3, Value(new Precision(new PrecisionAttribute { Average = MetricAverage.Macro, Classes = 3 }, CPU), output, target), 12);
        Assert.Equal((1 * 2 + 1 * 2 + 0.5 * 1) / 5.0, Value(new Precision(new PrecisionAttribute { Average = MetricAverage.Weighted, Classes = 3 }, CPU), output, target, 3), 12);
        Assert.Equal((0.5 + 0.5 + 1) / 3, Value(new Recall(new RecallAttribute { Average = MetricAverage.Macro, Classes = 3 }, CPU), output, target, 1), 12);
        // Micro: every element one decision: TP 3, FP 1 -> 3/4.
        Assert.Equal(0.75, Value(new Precision(new PrecisionAttribute(), CPU), output, target), 12);
    }

    private static double Count(MetricAccumulator metric, float[] output, float[] target) => Value(metric, tensor(output), tensor(target));
}
