using Declarative.Metrics;
using static Declarative.Tests.Metrics.MetricTesting;
using static TorchSharp.torch;

namespace Declarative.Tests.Metrics;

/// <summary>
/// [AUC], [PrecisionAtRecall] and [RecallAtPrecision] compute Keras's values (keras/src/metrics/confusion_metrics.py
/// and confusion_metrics_test.py) from a histogram of the epoch's outputs, in one batch or several.
/// </summary>
public class ThresholdMetricTests
{
    // confusion_metrics_test.py (AUCTest): y_true [0, 0, 1, 1], y_pred [0, 0.5, 0.3, 0.9].
    private static readonly Tensor Predicted = tensor(new[] { 0f, 0.5f, 0.3f, 0.9f });
    private static readonly Tensor Labels = tensor(new[] { 0f, 0, 1, 1 });

    private static double Auc(AUCAttribute settings, Tensor output, Tensor target, params int[] cuts) => Value(new Auc(settings, CPU), output, target, cuts);

    [Fact]
    public void ROC_AUC_at_three_thresholds_is_Keras_s()
    {
        // tp = [2, 1, 0], fp = [2, 0, 0] at thresholds [-eps, 0.5, 1 + eps]: 0.75.
        Assert.Equal(0.75, Auc(new AUCAttribute { NumThresholds = 3 }, Predicted, Labels), 1e-6);
        Assert.Equal(0.75, Auc(new AUCAttribute { NumThresholds = 3 }, Predicted, Labels, 1, 3), 1e-6);
    }

    [Fact]
    public void Logits_go_through_a_sigmoid_first()
    {
        using var logits = Predicted.clamp(1e-6, 1 - 1e-6).logit();
        Assert.Equal(0.75, Auc(new AUCAttribute { NumThresholds = 3, FromLogits = true }, logits, Labels), 1e-6);
    }

    [Fact]
    public void Perfect_predictions_score_1()
    {
        Assert.Equal(1.0, Auc(new AUCAttribute(), Labels, Labels), 1e-6);
    }

    [Theory]
    [InlineData(AucCurve.ROC, AucSummation.Majoring, 1.0)]
    [InlineData(AucCurve.ROC, AucSummation.Minoring, 0.5)]
    [InlineData(AucCurve.PR, AucSummation.Majoring, 1.0)]
    public void Minoring_and_majoring_bound_the_area(AucCurve curve, AucSummation summation, double expected)
    {
        // Unweighted counts tp [2, 1, 0], fp [2, 0, 0], fn [0, 1, 2], tn [0, 2, 2] (confusion_metrics_test.py): ROC points
        // (1, 1), (0, 0.5), (0, 0): minoring takes 0.5 over the first step; PR points (1, 0.5), (0.5, 1), (0, 0): majoring 1.
        Assert.Equal(expected, Auc(new AUCAttribute { NumThresholds = 3, Curve = curve, SummationMethod = summation }, Predicted, Labels), 1e-6);
    }

    [Fact]
    public void PR_AUC_interpolates_precision_as_Keras_does()
    {
        // interpolate_pr_auc on tp [2, 1, 0], fp [2, 0, 0], fn [0, 1, 2]: step 1 (p 4 -> 1, tp 2 -> 1): slope 1/3,
        // intercept 1 - 1/3 = 2/3, increment (1/3)(1 + (2/3) ln 4) / 2; step 2 (p 1 -> 0): ratio 1, increment (1)(1) / 2.
        var expected = (1 / 3.0) * (1 + (2 / 3.0) * Math.Log(4)) / 2 + 0.5;
        Assert.Equal(expected, Auc(new AUCAttribute { NumThresholds = 3, Curve = AucCurve.PR }, Predicted, Labels), 1e-6);
    }

    [Fact]
    public void One_hot_rows_are_flattened_as_Keras_s_multi_label_False()
    {
        // confusion_metrics_test.py (MultiAUCTest), multi_label=False with 5 thresholds: 1 - 3/32.
        var output = Rows([0, 0.1f], [0.5f, 0.2f], [0.3f, 0.3f], [0.9f, 0.4f]);
        var target = Rows([0, 0], [0, 0], [1, 1], [1, 1]);
        Assert.Equal(0.90625, Auc(new AUCAttribute { NumThresholds = 5 }, output, target), 1e-6);
    }

    [Fact]
    public void With_outputs_on_the_thresholds_the_area_is_exact()
    {
        // Outputs on multiples of 1/4 above 0, with 5 thresholds: the ROC AUC is the probability that a positive
        // outscores a negative, ties counting half (Mann-Whitney).
        float[] positives = [0.75f, 0.5f, 0.25f], negatives = [0.5f, 1f, 0.25f];
        using var output = tensor(positives.Concat(negatives).ToArray());
        using var target = tensor(new[] { 1f, 1, 1, 0, 0, 0 });
        var wins = positives.Sum(p => negatives.Sum(n => p > n ? 1.0 : p == n ? 0.5 : 0));
        Assert.Equal(wins / 9, Auc(new AUCAttribute { NumThresholds = 5 }, output, target), 1e-6);
    }

    [Fact]
    public void All_one_class_scores_0_as_Keras_s_divide_no_nan()
    {
        using var output = tensor(new[] { 0.2f, 0.7f });
        using var allNegative = tensor(new[] { 0f, 0f });
        Assert.Equal(0.0, Auc(new AUCAttribute(), output, allNegative));
    }

    [Theory]
    [InlineData(0.8, 2 / 3.0)]
    [InlineData(0.6, 0.75)]
    public void Precision_at_recall_is_Keras_s(double recall, double expected)
    {
        // confusion_metrics_test.py (PrecisionAtRecallTest).
        using var output = tensor(new[] { 0.0f, 0.1f, 0.2f, 0.5f, 0.6f, 0.2f, 0.5f, 0.6f, 0.8f, 0.9f });
        using var target = tensor(new[] { 0f, 0, 0, 0, 0, 1, 1, 1, 1, 1 });
        Assert.Equal(expected, Value(new PrecisionAtRecall(new PrecisionAtRecallAttribute(recall), CPU), output, target), 1e-6);
        Assert.Equal(expected, Value(new PrecisionAtRecall(new PrecisionAtRecallAttribute(recall), CPU), output, target, 3, 7), 1e-6);
    }

    [Fact]
    public void Precision_at_recall_docstring_value()
    {
        // confusion_metrics.py docstring: PrecisionAtRecall(0.5) on ([0,0,0,1,1], [0,0.3,0.8,0.3,0.8]) -> 0.5.
        using var output = tensor(new[] { 0f, 0.3f, 0.8f, 0.3f, 0.8f });
        using var target = tensor(new[] { 0f, 0, 0, 1, 1 });
        Assert.Equal(0.5, Value(new PrecisionAtRecall(new PrecisionAtRecallAttribute(0.5), CPU), output, target), 1e-6);
    }

    [Theory]
    [InlineData(0.75, 0.5)]
    [InlineData(2 / 3.0, 5 / 6.0)]
    public void Recall_at_precision_is_Keras_s(double precision, double expected)
    {
        // confusion_metrics_test.py (RecallAtPrecisionTest).
        using var output = tensor(new[] { 0.05f, 0.1f, 0.2f, 0.3f, 0.3f, 0.35f, 0.4f, 0.45f, 0.5f, 0.6f, 0.9f, 0.95f });
        using var target = tensor(new[] { 0f, 1, 0, 0, 0, 1, 1, 0, 1, 1, 0, 1 });
        Assert.Equal(expected, Value(new RecallAtPrecision(new RecallAtPrecisionAttribute(precision), CPU), output, target), 1e-6);
        Assert.Equal(expected, Value(new RecallAtPrecision(new RecallAtPrecisionAttribute(precision), CPU), output, target, 5), 1e-6);
    }

    [Fact]
    public void An_unreachable_precision_gives_0()
    {
        // confusion_metrics_test.py: RecallAtPrecision(2/3) on preds [0.1, 0.2, 0.3, 0.9], labels [1, 1, 0, 0] -> 0.
        using var output = tensor(new[] { 0.1f, 0.2f, 0.3f, 0.9f });
        using var target = tensor(new[] { 1f, 1, 0, 0 });
        Assert.Equal(0.0, Value(new RecallAtPrecision(new RecallAtPrecisionAttribute(2 / 3.0), CPU), output, target));
    }

    [Fact]
    public void Settings_out_of_range_are_refused()
    {
        Assert.Contains("NumThresholds = 1 is out of range", Assert.Throws<ArgumentOutOfRangeException>(() => new Auc(new AUCAttribute { NumThresholds = 1 }, CPU)).Message);
        Assert.Contains("Recall = 1.2 is out of range", Assert.Throws<ArgumentOutOfRangeException>(() => new PrecisionAtRecall(new PrecisionAtRecallAttribute(1.2), CPU)).Message);
    }
}
