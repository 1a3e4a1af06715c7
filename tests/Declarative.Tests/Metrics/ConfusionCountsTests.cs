using Declarative.Metrics;
using static TorchSharp.torch;

namespace Declarative.Tests.Metrics;

/// <summary>
/// The binary confusion counts Keras's confusion metrics are made of (keras-metrics-spec §1.3): strictly above the
/// threshold is predicted positive, any non-zero target is positive, an (N, C) batch is N × C decisions.
/// </summary>
public class ConfusionCountsTests
{
    // The counts themselves, as a metric.
    private sealed class Counting(double threshold) : ConfusionCounts(threshold, CPU)
    {
        protected override double Value(long truePositives, long falsePositives, long trueNegatives, long falseNegatives) => truePositives;
    }

    // keras-metrics-spec data set A.
    private static readonly float[] TrueA = [0, 1, 1, 0, 1, 0, 1, 1];
    private static readonly float[] PredictedA = [0.1f, 0.5f, 0.8f, 0.5f, 0.3f, 0.7f, 1.0f, 0.0f];

    [Fact]
    public void Counts_each_decision_strictly_above_the_threshold()
    {
        using var counts = new Counting(0.5);

        counts.Update(tensor(PredictedA).unsqueeze(1), tensor(TrueA));

        // 0.5 itself is not positive; 1.0 is: tp = {0.8, 1.0}, fp = {0.7}, fn = {0.5, 0.3, 0.0}, tn = {0.1, 0.5}.
        Assert.Equal((2L, 1L, 2L, 3L), counts.Counts());
        Assert.Equal(8, counts.Count);
    }

    [Fact]
    public void Any_non_zero_target_is_positive_and_a_matrix_is_one_decision_per_element()
    {
        using var counts = new Counting(0.5);

        counts.Update(tensor(new float[,] { { 0.9f, 0.1f }, { 0.6f, 0.7f } }), tensor(new float[,] { { 0.3f, -1f }, { 0f, 2f } }));

        Assert.Equal((2L, 1L, 0L, 1L), counts.Counts());
    }

    [Fact]
    public void Batches_add_up_to_one_batch_of_everything_and_reset_clears_them()
    {
        using var counts = new Counting(0.5);
        counts.Update(tensor(PredictedA[..3]), tensor(TrueA[..3]));
        counts.Update(tensor(PredictedA[3..]), tensor(TrueA[3..]));
        Assert.Equal((2L, 1L, 2L, 3L), counts.Counts());

        counts.Reset();

        Assert.Equal((0L, 0L, 0L, 0L), counts.Counts());
        Assert.Equal(0, counts.Count);
    }

    [Fact]
    public void Its_state_survives_a_backup()
    {
        using var counts = new Counting(0.5);
        counts.Update(tensor(PredictedA), tensor(TrueA));
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true)) counts.SaveState(writer);

        using var restored = new Counting(0.5);
        buffer.Position = 0;
        using (var reader = new BinaryReader(buffer)) restored.LoadState(reader);

        Assert.Equal(counts.Counts(), restored.Counts());
        Assert.Equal(8, restored.Count);
    }
}
