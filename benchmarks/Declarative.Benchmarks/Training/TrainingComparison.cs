using Declarative.Benchmarks.Support;
using static TorchSharp.torch;

namespace Declarative.Benchmarks.Training;

/// <summary>
/// Fit and the hand-written loop, each run once on the same workload in a folder of its own: whether they ended with
/// bit-identical weights, the same epochs' values and the same checkpoint files.
/// </summary>
public sealed record TrainingComparison(bool SameWeights, bool SameHistory, bool SameCheckpoints, int Epochs, int BestEpoch)
{
    public bool Identical => SameWeights && SameHistory && SameCheckpoints;

    public static TrainingComparison Run(TrainingWorkload data)
    {
        var (fitWeights, fitHistory, fitCheckpoints) = InFolder(() =>
        {
            var (model, optimizer) = data.CreateModel();
            var history = FitRun.Run(model, optimizer, data);
            return (Weights(model), history.Select(e => (e.Epoch, e.Loss, e.Accuracy, e.ValLoss!.Value, e.ValAccuracy!.Value, e.LearningRate)).ToList());
        });
        var (handWeights, handHistory, handCheckpoints) = InFolder(() =>
        {
            var (model, optimizer) = data.CreateModel();
            var (history, _) = HandWrittenLoop.Run(model, optimizer, data, TextWriter.Null);
            return (Weights(model), history.Select(e => (e.Number, e.Loss, e.Accuracy, e.ValLoss, e.ValAccuracy, e.LearningRate)).ToList());
        });

        var sameWeights = fitWeights.Length == handWeights.Length && fitWeights.Zip(handWeights).All(pair => pair.First.allclose(pair.Second, rtol: 0, atol: 0));
        var bestEpoch = fitHistory.MinBy(e => e.Item4).Item1;
        return new TrainingComparison(sameWeights, fitHistory.SequenceEqual(handHistory), fitCheckpoints.SequenceEqual(handCheckpoints), fitHistory.Count, bestEpoch);
    }

    private static Tensor[] Weights(nn.Module model) => model.parameters().Select(p => p.detach().clone()).ToArray();

    private static (Tensor[] Weights, List<(int, double, double, double, double, double)> History, string[] Checkpoints) InFolder(
        Func<(Tensor[], List<(int, double, double, double, double, double)>)> run)
    {
        var home = Environment.CurrentDirectory;
        var folder = ScratchFolder.Create("declarative-comparison-");
        try
        {
            Environment.CurrentDirectory = folder;
            var (weights, history) = run();
            var checkpoints = Directory.GetFiles("checkpoints").Select(file => Path.GetFileName(file)!).Order(StringComparer.Ordinal).ToArray();
            return (weights, history, checkpoints);
        }
        finally
        {
            Environment.CurrentDirectory = home;
            Directory.Delete(folder, recursive: true);
        }
    }
}
