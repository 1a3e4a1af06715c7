using Declarative.Metrics;
using static Declarative.Tests.Metrics.MetricTesting;
using static TorchSharp.torch;

namespace Declarative.Tests.Metrics;

/// <summary>
/// [F1Score] and [FBetaScore] compute Keras's values (keras/src/metrics/f_score_metrics_test.py), from counts over the
/// epoch: the same data in one batch or in several gives the same value, never a mean of per-batch scores.
/// </summary>
public class FScoreTests
{
    // f_score_metrics_test.py, threshold=None (each sample's highest output is its class).
    private static readonly Tensor OneHot = Rows([1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0], [1, 0, 0], [0, 0, 1]);
    private static readonly Tensor Scores = Rows([0.9f, 0.1f, 0], [0.2f, 0.6f, 0.2f], [0, 0, 1], [0.4f, 0.3f, 0.3f], [0, 0.9f, 0.1f], [0, 0, 1]);

    private static double F1(F1ScoreAttribute settings, Tensor output, Tensor target, params int[] cuts) => Value(new FBetaScore(settings, CPU), output, target, cuts);

    private static double FBeta(FBetaScoreAttribute settings, Tensor output, Tensor target, params int[] cuts) => Value(new FBetaScore(settings, CPU), output, target, cuts);

    [Theory]
    [InlineData(MetricAverage.Micro, 0.833334)]
    [InlineData(MetricAverage.Macro, 0.822222)]
    [InlineData(MetricAverage.Weighted, 0.844445)]
    public void F1_over_the_highest_output_is_Keras_s_for_each_average(MetricAverage average, double expected)
    {
        var settings = new F1ScoreAttribute { Average = average, Classes = average == MetricAverage.Micro ? 0 : 3 };
        Assert.Equal(expected, F1(settings, Scores, OneHot), 1e-5);
        Assert.Equal(expected, F1(settings, Scores, OneHot, 1, 4), 1e-5);
    }

    [Theory]
    [InlineData(0.5, MetricAverage.Macro, 0.821549)]
    [InlineData(0.5, MetricAverage.Weighted, 0.880471)]
    [InlineData(2.0, MetricAverage.Macro, 0.849206)]
    [InlineData(2.0, MetricAverage.Weighted, 0.829365)]
    public void FBeta_weighs_recall_by_beta_as_Keras_does(double beta, MetricAverage average, double expected)
    {
        var settings = new FBetaScoreAttribute { Beta = beta, Average = average, Classes = 3 };
        Assert.Equal(expected, FBeta(settings, Scores, OneHot), 1e-5);
        Assert.Equal(expected, FBeta(settings, Scores, OneHot, 2, 3), 1e-5);
    }

    [Theory]
    [InlineData(0, 0.8)]
    [InlineData(1, 0.6666667)]
    [InlineData(2, 1.0)]
    public void One_class_is_Keras_s_per_class_value(int classId, double expected)
    {
        // Keras's average=None gives the vector [0.8, 0.6666667, 1.0]; ClassId picks one of its entries.
        Assert.Equal(expected, F1(new F1ScoreAttribute { ClassId = classId }, Scores, OneHot), 1e-5);
    }

    [Fact]
    public void Class_indices_as_targets_are_their_one_hot_rows()
    {
        using var indices = tensor(new long[] { 0, 1, 2, 0, 0, 2 });
        var settings = new F1ScoreAttribute { Average = MetricAverage.Macro, Classes = 3 };
        Assert.Equal(F1(settings, Scores, OneHot), F1(settings, Scores, indices), 12);
    }

    [Fact]
    public void A_threshold_makes_each_element_a_decision_as_in_Keras()
    {
        // f_score_metrics_test.py, threshold=0.66: per class [0.8, 0.5, 0.6666667]; micro 0.6666667, macro and weighted 0.6555555.
        var target = Rows([0, 0, 1], [1, 1, 0], [1, 1, 1]);
        var output = Rows([0.7f, 0.7f, 0.7f], [1, 0, 0], [0.9f, 0.8f, 0]);
        Assert.Equal(0.6666667, F1(new F1ScoreAttribute { Threshold = 0.66 }, output, target), 1e-5);
        Assert.Equal(0.6555555, F1(new F1ScoreAttribute { Threshold = 0.66, Average = MetricAverage.Macro, Classes = 3 }, output, target, 1), 1e-5);
        Assert.Equal(0.6555555, F1(new F1ScoreAttribute { Threshold = 0.66, Average = MetricAverage.Weighted, Classes = 3 }, output, target, 2), 1e-5);
    }

    [Fact]
    public void FBeta_at_a_threshold_is_Keras_s_docstring_value()
    {
        // f_score_metrics.py docstring: FBetaScore(beta=2.0, threshold=0.5) -> [0.3846154, 0.90909094, 0.8333334].
        var target = Rows([1, 1, 1], [1, 0, 0], [1, 1, 0]);
        var output = Rows([0.2f, 0.6f, 0.7f], [0.2f, 0.6f, 0.6f], [0.6f, 0.8f, 0]);
        var perClass = new[] { 0.3846154, 0.90909094, 0.8333334 };
        for (var c = 0; c < 3; c++)
            Assert.Equal(perClass[c], FBeta(new FBetaScoreAttribute { Beta = 2, Threshold = 0.5, ClassId = c }, output, target), 1e-5);
        Assert.Equal(perClass.Average(), FBeta(new FBetaScoreAttribute { Beta = 2, Threshold = 0.5, Average = MetricAverage.Macro, Classes = 3 }, output, target), 1e-5);
    }

    [Fact]
    public void Counting_over_the_epoch_differs_from_averaging_batches()
    {
        // Batch 1: one true positive (F1 = 1). Batch 2: one false positive and one false negative (F1 = 0). A mean of
        // batches would say 0.5; the epoch has TP = 1, FP = 1, FN = 1: F1 = 0.5 too, so take uneven batches: batch 2
        // also has two more true negatives and a false negative: TP 1, FP 1, FN 2 -> P 1/2, R 1/3, F1 0.4.
        using var output = tensor(new[] { 0.9f, 0.8f, 0.1f, 0.2f, 0.3f, 0.1f });
        using var target = tensor(new[] { 1f, 0, 1, 0, 0, 1 });
        var settings = new F1ScoreAttribute { Threshold = 0.5 };
        Assert.Equal(0.4, F1(settings, output, target, 1), 1e-5);
        Assert.Equal(0.4, F1(settings, output, target), 1e-5);
    }

    [Fact]
    public void Nothing_predicted_or_nothing_positive_scores_0_not_NaN()
    {
        using var output = tensor(new[] { 0.1f, 0.2f });
        using var positives = tensor(new[] { 1f, 1f });
        using var negatives = tensor(new[] { 0f, 0f });
        Assert.Equal(0.0, F1(new F1ScoreAttribute { Threshold = 0.5 }, output, positives));
        Assert.Equal(0.0, F1(new F1ScoreAttribute { Threshold = 0.5 }, output, negatives));
        // A class that never occurs, macro-averaged: it scores 0 and pulls the mean down, as in Keras.
        var target = Rows([1, 0, 0], [1, 0, 0]);
        var scores = Rows([0.9f, 0.1f, 0], [0.8f, 0.2f, 0]);
        Assert.Equal(1 / 3.0, F1(new F1ScoreAttribute { Average = MetricAverage.Macro, Classes = 3 }, scores, target), 1e-5);
    }

    [Fact]
    public void Tied_highest_outputs_are_all_predicted_and_an_all_zero_row_predicts_nothing()
    {
        // Row 1 ties classes 0 and 1 (both predicted: one TP, one FP); row 2 is all 0 (no prediction: one FN).
        var target = Rows([1, 0], [0, 1]);
        var scores = Rows([0.5f, 0.5f], [0, 0]);
        // TP 1, FP 1, FN 1: P = R = 1/2, F1 = 1/2 (less Keras's epsilons).
        Assert.Equal(0.5, F1(new F1ScoreAttribute(), scores, target), 1e-5);
    }

    [Fact]
    public void A_per_class_average_refuses_an_output_of_another_width()
    {
        using var metric = new FBetaScore(new F1ScoreAttribute { Average = MetricAverage.Macro, Classes = 4 }, CPU);
        var error = Assert.Throws<ArgumentException>(() => metric.Update(Scores, OneHot));
        Assert.Contains("Classes = 4, but the output has 3", error.Message);
    }

    [Fact]
    public void Settings_out_of_range_are_refused()
    {
        Assert.Contains("Beta = 0 is out of range", Assert.Throws<ArgumentOutOfRangeException>(() => new FBetaScore(new FBetaScoreAttribute { Beta = 0 }, CPU)).Message);
        Assert.Contains("add Classes", Assert.Throws<ArgumentOutOfRangeException>(() => new FBetaScore(new F1ScoreAttribute { Average = MetricAverage.Macro }, CPU)).Message);
        Assert.Contains("ClassId = 3 is out of range", Assert.Throws<ArgumentOutOfRangeException>(() => new FBetaScore(new F1ScoreAttribute { Classes = 3, ClassId = 3, Average = MetricAverage.Micro }, CPU)).Message);
    }
}
