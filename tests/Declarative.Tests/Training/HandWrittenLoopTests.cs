using Declarative.Benchmarks.Training;
using Declarative.Tests.Support;

namespace Declarative.Tests.Training;

/// <summary>
/// The training benchmark times Fit against a hand-written TorchSharp loop; the comparison means something only if
/// both do the same work. A smaller copy of the benchmark's workload checks, at every change, that they end with
/// bit-identical weights, the same values every epoch and the same checkpoint files.
/// </summary>
[Collection(WorkingDirectoryCollection.Name)]
public sealed class HandWrittenLoopTests
{
    [Fact]
    public void Fit_and_the_benchmarks_hand_written_loop_do_the_same_work()
    {
        const int Epochs = 40;
        using var data = TrainingWorkload.Create(samples: 400, epochs: Epochs, hidden: 64);

        var comparison = TrainingComparison.Run(data);

        Assert.True(comparison.SameHistory, "the epochs' values differ: " + comparison);
        Assert.True(comparison.SameCheckpoints, "the checkpoint files differ: " + comparison);
        Assert.True(comparison.SameWeights, "the final weights differ: " + comparison);
        Assert.InRange(comparison.Epochs, comparison.BestEpoch + 2, Epochs - 1); // early stopping ended both, after the best epoch
    }

    [Fact]
    public void A_custom_step_Fit_and_its_benchmarks_hand_written_loop_do_the_same_work()
    {
        var comparison = Declarative.Benchmarks.Steps.StepComparison.TwoInput(batches: 8, epochs: 2);
        Assert.True(comparison.Identical, comparison.ToString());
    }

    [Fact]
    public void The_tiny_models_Fit_and_its_benchmarks_hand_written_loop_do_the_same_work()
    {
        var comparison = Declarative.Benchmarks.Steps.StepComparison.Tiny(samples: 256, epochs: 2);
        Assert.True(comparison.Identical, comparison.ToString());
    }
}
