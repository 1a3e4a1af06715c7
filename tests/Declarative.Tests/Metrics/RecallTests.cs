using static TorchSharp.torch;

namespace Declarative.Tests.Metrics;

/// <summary>[Recall] computes Keras's values (keras-metrics-spec §1, vectors V1), over the epoch's decisions, never as an average of batches.</summary>
public class RecallTests
{
    private static readonly float[] TrueA = [0, 1, 1, 0, 1, 0, 1, 1];
    private static readonly float[] PredictedA = [0.1f, 0.5f, 0.8f, 0.5f, 0.3f, 0.7f, 1.0f, 0.0f];

    private static double Recall(float[] predicted, float[] target, double threshold = 0.5, int firstBatch = 0)
    {
        using var recall = new Declarative.Metrics.Recall(new RecallAttribute { Threshold = threshold }, CPU);
        if (firstBatch > 0) recall.Update(tensor(predicted[..firstBatch]), tensor(target[..firstBatch]));
        recall.Update(tensor(predicted[firstBatch..]), tensor(target[firstBatch..]));
        return recall.Read();
    }

    [Fact]
    public void Is_Keras_s_value_on_one_batch_and_on_the_same_data_in_two()
    {
        // TP = 2 (0.8, 1.0), FN = 3 (0.5, 0.3, 0.0): 2/5. Averaging the two batches' own recalls (0.5 and 1/3) would give 0.4167.
        Assert.Equal(0.4, Recall(PredictedA, TrueA));
        Assert.Equal(0.4, Recall(PredictedA, TrueA, firstBatch: 3));
    }

    [Fact]
    public void Is_0_when_no_target_is_positive()
    {
        // keras-metrics-spec B.
        Assert.Equal(0.0, Recall([0.2f, 0.4f, 0.1f, 0.9f], [0, 0, 0, 0]));
    }

    [Fact]
    public void Another_threshold_decides_which_outputs_are_positive()
    {
        // keras-metrics-spec: Recall(thresholds=[0.25]) on A: 0.5, 0.8, 0.3 and 1.0 of the 5 positives are above 0.25.
        Assert.Equal(0.8, Recall(PredictedA, TrueA, threshold: 0.25));
    }
}
