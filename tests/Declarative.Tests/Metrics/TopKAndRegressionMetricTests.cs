using Declarative.Metrics;
using static Declarative.Tests.Metrics.MetricTesting;
using static TorchSharp.torch;

namespace Declarative.Tests.Metrics;

/// <summary>
/// [TopKAccuracy] and the regression metrics compute Keras's values (keras/src/metrics/accuracy_metrics.py,
/// regression_metrics.py and their tests), in one batch or several.
/// </summary>
public class TopKAndRegressionMetricTests
{
    [Fact]
    public void Top_k_accuracy_is_Keras_s_for_one_hot_and_index_targets()
    {
        // accuracy_metrics.py docstrings: TopKCategoricalAccuracy(k=1) and SparseTopKCategoricalAccuracy(k=1) -> 0.5.
        var output = Rows([0.1f, 0.9f, 0.8f], [0.05f, 0.95f, 0]);
        Assert.Equal(0.5, Value(new TopKAccuracy(new TopKAccuracyAttribute { K = 1 }, CPU), output, Rows([0, 0, 1], [0, 1, 0])));
        Assert.Equal(0.5, Value(new TopKAccuracy(new TopKAccuracyAttribute { K = 1 }, CPU), output, tensor(new long[] { 2, 1 }), 1));
        // With k = 2 class 2 (0.8) is among the two highest of row 1.
        Assert.Equal(1.0, Value(new TopKAccuracy(new TopKAccuracyAttribute { K = 2 }, CPU), output, tensor(new long[] { 2, 1 })));
    }

    [Fact]
    public void A_class_tied_with_the_k_th_output_counts_and_k_above_the_classes_counts_every_sample()
    {
        // Keras's in_top_k: the target is in when its output is at least the k-th highest.
        var tied = Rows([0.5f, 0.5f, 0]);
        Assert.Equal(1.0, Value(new TopKAccuracy(new TopKAccuracyAttribute { K = 1 }, CPU), tied, tensor(new long[] { 1 })));
        Assert.Equal(1.0, Value(new TopKAccuracy(new TopKAccuracyAttribute { K = 1 }, CPU), tied, tensor(new long[] { 0 })));
        Assert.Equal(1.0, Value(new TopKAccuracy(new TopKAccuracyAttribute(), CPU), tied, tensor(new long[] { 2 })));
    }

    [Fact]
    public void Root_mean_squared_error_is_the_root_of_the_epoch_s_mean()
    {
        // regression_metrics.py docstring: ([[0, 1], [0, 0]], [[1, 1], [0, 0]]) -> 0.5; regression_metrics_test.py: sqrt(6).
        Assert.Equal(0.5, Value(new RootMeanSquaredError(new RootMeanSquaredErrorAttribute(), CPU), Rows([1, 1], [0, 0]), Rows([0, 1], [0, 0]), 1), 1e-6);
        // The root of each batch's mean, averaged, would give (1 + sqrt(8.5)) / 2 here.
        Assert.Equal(Math.Sqrt(6), Value(new RootMeanSquaredError(new RootMeanSquaredErrorAttribute(), CPU), tensor(new[] { 1f, 3, 2 }), tensor(new[] { 2f, 4, 6 }), 1), 1e-6);
    }

    [Fact]
    public void Percentage_and_logarithmic_errors_are_Keras_s_docstring_values()
    {
        // regression_metrics.py docstrings, y_true [[0, 1], [0, 0]], y_pred [[1, 1], [0, 0]]: 250000000 and 0.12011322.
        var output = Rows([1, 1], [0, 0]);
        var target = Rows([0, 1], [0, 0]);
        Assert.Equal(250000000.0, Value(new MeanAbsolutePercentageError(new MeanAbsolutePercentageErrorAttribute(), CPU), output, target), 1);
        Assert.Equal(0.12011322, Value(new MeanSquaredLogarithmicError(new MeanSquaredLogarithmicErrorAttribute(), CPU), output, target, 1), 1e-6);
    }

    [Fact]
    public void Cosine_similarity_is_Keras_s()
    {
        // regression_metrics_test.py: per sample [0.720488, -0.346050], mean 0.187219.
        var target = Rows([1, 9, 2], [-5, -2, 6]);
        var output = Rows([4, 8, 12], [8, 1, 3]);
        Assert.Equal(0.187219, Value(new CosineSimilarity(new CosineSimilarityAttribute(), CPU), output, target, 1), 1e-6);
        // regression_metrics.py docstring (axis 1): 0.49999997.
        Assert.Equal(0.5, Value(new CosineSimilarity(new CosineSimilarityAttribute(), CPU), Rows([1, 0], [1, 1]), Rows([0, 1], [1, 1])), 1e-6);
    }

    [Fact]
    public void R2_is_Keras_s_for_one_output()
    {
        // regression_metrics.py docstring: y_true [[1], [4], [3]], y_pred [[2], [4], [4]] -> 0.57142854.
        Assert.Equal(0.57142854, Value(new R2Score(new R2ScoreAttribute(), CPU), Rows([2], [4], [4]), Rows([1], [4], [3]), 1), 1e-6);
        using var flat = tensor(new[] { 2f, 4, 4 });
        using var flatTarget = tensor(new[] { 1f, 4, 3 });
        Assert.Equal(0.57142854, Value(new R2Score(new R2ScoreAttribute(), CPU), flat, flatTarget, 2), 1e-6);
    }

    [Theory]
    [InlineData(R2Aggregation.UniformAverage, 0, -0.12)]
    [InlineData(R2Aggregation.VarianceWeightedAverage, 0, -0.12)]
    public void R2_of_several_outputs_is_Keras_s(R2Aggregation aggregation, int regressors, double expected)
    {
        // regression_metrics_test.py: per output [0.37, -1.295, 0.565].
        var target = Rows([0, 0, 1], [0, 1, 0], [1, 0, 0]);
        var output = Rows([0.4f, 0.5f, 0.6f], [0.1f, 0.2f, 0.3f], [0.5f, 0.8f, 0.2f]);
        Assert.Equal(expected, Value(new R2Score(new R2ScoreAttribute { ClassAggregation = aggregation, NumRegressors = regressors }, CPU), output, target, 1), 1e-5);
    }

    [Fact]
    public void Adjusted_R2_uses_the_samples_and_falls_back_when_there_are_too_few()
    {
        // y_true [1, 4, 3, 5], y_pred [2, 4, 4, 5]: R² = 1 - 2 / 8.75; adjusted for p = 1 with n = 4: 1 - (1 - R²) 3 / 2.
        using var output = tensor(new[] { 2f, 4, 4, 5 });
        using var target = tensor(new[] { 1f, 4, 3, 5 });
        var r2 = 1 - 2 / 8.75;
        Assert.Equal(1 - (1 - r2) * 3 / 2, Value(new R2Score(new R2ScoreAttribute { NumRegressors = 1 }, CPU), output, target, 2), 1e-6);
        // p = 3 = n - 1: Keras warns and gives the plain R².
        Assert.Equal(r2, Value(new R2Score(new R2ScoreAttribute { NumRegressors = 3 }, CPU), output, target), 1e-6);
    }

    [Fact]
    public void R2_of_targets_that_do_not_vary_is_0()
    {
        using var output = tensor(new[] { 1f, 2 });
        using var target = tensor(new[] { 3f, 3 });
        Assert.Equal(0.0, Value(new R2Score(new R2ScoreAttribute(), CPU), output, target));
    }
}
