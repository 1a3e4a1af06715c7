using static TorchSharp.torch;

namespace Declarative.Benchmarks.Steps;

/// <summary>The step workloads trained with the generated Fit, silent, as the hand-written loops are.</summary>
public static class StepFitRuns
{
    public static History<TwoInputStepModelLogs> TwoInput(TwoInputStepModel model, optim.Optimizer optimizer, List<WeightedPair> train, List<WeightedPair> validation, int epochs) =>
        model.Fit(train, epochs, optimizer, validation: validation, progress: ProgressMode.Silent);

    public static History<TinyModelLogs> Tiny(TinyModel model, optim.Optimizer optimizer, Tensor inputs, Tensor targets, int epochs) =>
        model.Fit(inputs, targets, StepWorkloads.TinyBatchSize, epochs, optimizer, nn.CrossEntropyLoss(), progress: ProgressMode.Silent);
}
