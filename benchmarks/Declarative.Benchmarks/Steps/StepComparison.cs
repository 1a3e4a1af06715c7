using static TorchSharp.torch;

namespace Declarative.Benchmarks.Steps;

/// <summary>
/// Fit and the hand-written loop on each step workload, run once: whether they end with bit-identical weights and the
/// same epochs' losses. The timings mean something only if both do the same work; a test checks this at every change.
/// </summary>
public sealed record StepComparison(bool SameWeights, bool SameLosses)
{
    public bool Identical => SameWeights && SameLosses;

    public static StepComparison TwoInput(int batches = 256, int epochs = StepWorkloads.Epochs)
    {
        var (train, validation) = StepWorkloads.TwoInputData(batches);
        var (fitModel, fitOptimizer) = StepWorkloads.CreateTwoInput();
        var fit = StepFitRuns.TwoInput(fitModel, fitOptimizer, train, validation, epochs);
        var (handModel, handOptimizer) = StepWorkloads.CreateTwoInput();
        var hand = HandWrittenStepLoops.TwoInput(handModel, handOptimizer, train, validation, epochs);
        return new StepComparison(IdenticalWeights(fitModel, handModel), fit.Select(e => (e.Loss, e.ValLoss!.Value)).SequenceEqual(hand));
    }

    public static StepComparison Tiny(int samples = 4096, int epochs = StepWorkloads.Epochs)
    {
        var (inputs, targets) = StepWorkloads.TinyData(samples);
        var (fitModel, fitOptimizer) = StepWorkloads.CreateTiny();
        var fit = StepFitRuns.Tiny(fitModel, fitOptimizer, inputs, targets, epochs);
        var (handModel, handOptimizer) = StepWorkloads.CreateTiny();
        var hand = HandWrittenStepLoops.Tiny(handModel, handOptimizer, inputs, targets, epochs);
        return new StepComparison(IdenticalWeights(fitModel, handModel), fit.Select(e => e.Loss).SequenceEqual(hand));
    }

    private static bool IdenticalWeights(nn.Module a, nn.Module b) =>
        a.parameters().Zip(b.parameters()).All(pair => pair.First.allclose(pair.Second, rtol: 0, atol: 0));
}
