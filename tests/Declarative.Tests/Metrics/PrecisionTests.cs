using Declarative.Metrics;
using static TorchSharp.torch;

namespace Declarative.Tests.Metrics;

/// <summary>[Precision] computes Keras's values (keras-metrics-spec §1, vectors V1), over the epoch's decisions, never as an average of batches.</summary>
public class PrecisionTests
{
    // keras-metrics-spec data sets A (binary) and B (no positives).
    private static readonly float[] TrueA = [0, 1, 1, 0, 1, 0, 1, 1];
    private static readonly float[] PredictedA = [0.1f, 0.5f, 0.8f, 0.5f, 0.3f, 0.7f, 1.0f, 0.0f];

    private static double Precision(float[] predicted, float[] target, double threshold = 0.5, int firstBatch = 0)
    {
        using var precision = new Declarative.Metrics.Precision(new PrecisionAttribute { Threshold = threshold }, CPU);
        if (firstBatch > 0) precision.Update(tensor(predicted[..firstBatch]), tensor(target[..firstBatch]));
        precision.Update(tensor(predicted[firstBatch..]), tensor(target[firstBatch..]));
        return precision.Read();
    }

    [Fact]
    public void Is_Keras_s_value_on_one_batch_and_on_the_same_data_in_two()
    {
        // TP = 2 (0.8, 1.0), FP = 1 (0.7): 2/3. Averaging the two batches' own precisions (1.0 and 0.5) would give 0.75.
        Assert.Equal(0.6666666666666666, Precision(PredictedA, TrueA));
        Assert.Equal(0.6666666666666666, Precision(PredictedA, TrueA, firstBatch: 3));
    }

    [Fact]
    public void Is_0_when_nothing_is_predicted_positive_or_nothing_is_positive()
    {
        Assert.Equal(0.0, Precision([0.2f, 0.4f, 0.1f, 0.4f], [1, 0, 1, 0]));
        // keras-metrics-spec B: no positive targets, one false positive.
        Assert.Equal(0.0, Precision([0.2f, 0.4f, 0.1f, 0.9f], [0, 0, 0, 0]));
    }

    [Fact]
    public void Reads_one_hot_rows_as_one_decision_per_element()
    {
        // keras-metrics-spec C (one-hot): of the 24 decisions, 2 are predicted positive (0.6, 0.7), 1 correctly.
        float[] oneHot = [1, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0];
        float[] rows = [0.6f, 0.3f, 0.1f, 0, 0.2f, 0.5f, 0.3f, 0, 0.4f, 0.4f, 0.2f, 0, 0.1f, 0.2f, 0.7f, 0, 0.3f, 0.3f, 0.4f, 0, 0.5f, 0.25f, 0.25f, 0];

        using var precision = new Declarative.Metrics.Precision(new PrecisionAttribute(), CPU);
        precision.Update(tensor(rows).reshape(6, 4), tensor(oneHot).reshape(6, 4));

        Assert.Equal(0.5, precision.Read());
    }

    [Fact]
    public void Another_threshold_decides_which_outputs_are_positive()
    {
        // At 0.25: 0.5, 0.8, 0.5, 0.3, 0.7, 1.0 are positive; of them 0.5, 0.8, 0.3, 1.0 truly: 4/6.
        Assert.Equal(4 / 6.0, Precision(PredictedA, TrueA, threshold: 0.25));
    }

    [Fact]
    public void A_threshold_outside_0_and_1_is_refused()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new Declarative.Metrics.Precision(new PrecisionAttribute { Threshold = 1.5 }, CPU));
        Assert.Contains("Threshold = 1.5 is out of range", error.Message);
    }
}
