using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Declarative.Benchmarks.Training;

/// <summary>
/// The main sample's classifier with the seed callbacks: early stopping that restores the best weights, a checkpoint
/// at each improvement, a learning-rate schedule, CSV and TensorBoard logs, and a typed epoch hook. Paths are relative
/// to the working directory, which each run sets to a folder of its own.
/// </summary>
[Accuracy]
[EarlyStopping(Monitor = "val_loss", Patience = 5, RestoreBestWeights = true)]
[ModelCheckpoint("checkpoints/model-{epoch:02d}.bin", Monitor = "val_loss", SaveBestOnly = true)]
[LearningRateScheduler(nameof(Schedule))]
[CsvLogger("history.csv")]
[TensorBoard("tensorboard")]
public sealed partial class BenchmarkClassifier : nn.Module<Tensor, Tensor>
{
    private readonly Sequential _layers;

    public BenchmarkClassifier(int inputs, int classes, int hidden) : base(nameof(BenchmarkClassifier))
    {
        _layers = nn.Sequential(
            nn.Linear(inputs, hidden), nn.ReLU(),
            nn.Linear(hidden, hidden), nn.ReLU(),
            nn.Linear(hidden, classes));
        RegisterComponents();
    }

    /// <summary>The best validation accuracy the epoch hook has seen.</summary>
    public double BestValAccuracy { get; private set; }

    public override Tensor forward(Tensor input) => _layers.call(input);

    /// <summary>The initial rate for 10 epochs, then 2% less each epoch (the sample's schedule).</summary>
    internal static double Schedule(int epoch, double learningRate) => epoch < 10 ? learningRate : learningRate * 0.98;

    [OnEpochEnd]
    internal void Record(int epoch, BenchmarkClassifierLogs logs) => Remember(logs.ValAccuracy ?? double.NaN);

    /// <summary>The epoch hook's work, for the hand-written loop.</summary>
    internal void Remember(double valAccuracy) => BestValAccuracy = Math.Max(BestValAccuracy, valAccuracy);
}
