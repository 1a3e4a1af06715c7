using Declarative.Training;
using static TorchSharp.torch;

namespace Declarative.Benchmarks.Training;

/// <summary>The workload trained with the generated Fit, printing one line per epoch (to nowhere) as the hand-written loop does.</summary>
public static class FitRun
{
    public static History<BenchmarkClassifierLogs> Run(BenchmarkClassifier model, optim.Optimizer optimizer, TrainingWorkload data) =>
        model.Fit(
            data.Inputs, data.Targets, TrainingWorkload.BatchSize, data.Epochs, optimizer, nn.CrossEntropyLoss(),
            validation: (data.ValidationInputs, data.ValidationTargets),
            progress: ProgressMode.Lines,
            output: TextWriter.Null);
}
