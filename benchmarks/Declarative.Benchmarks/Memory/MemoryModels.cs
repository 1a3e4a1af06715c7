using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Declarative.Benchmarks.Memory;

/// <summary>The samples the models' epoch hooks take, for <see cref="LongRunMemory"/>.</summary>
public static class MemoryProbe
{
    /// <summary>One sample per epoch end.</summary>
    public static List<MemorySample> Samples { get; } = [];
}

/// <summary>Every callback at once, each at its most active setting (batch-level TensorBoard, histograms every epoch, a backup every 4 batches).</summary>
[Accuracy]
[BackupAndRestore("backup", SaveFrequency = 4, DeleteOnCompletion = false)]
[EarlyStopping(Monitor = "val_loss", Patience = 100000, RestoreBestWeights = true)]
[ModelCheckpoint("checkpoints/best.bin", Monitor = "val_accuracy", SaveBestOnly = true)]
[ReduceLROnPlateau(Monitor = "val_loss", Patience = 2, MinLearningRate = 1e-4)]
[TerminateOnNaN]
[CsvLogger("history.csv")]
[TensorBoard("tensorboard", UpdateFrequency = 1, HistogramFrequency = 1)]
public sealed partial class AllCallbacksModel : nn.Module<Tensor, Tensor>
{
    private readonly Sequential _layers = MemoryLayers.Create();

    public AllCallbacksModel() : base(nameof(AllCallbacksModel)) => RegisterComponents();

    public override Tensor forward(Tensor input) => _layers.call(input);

    [OnEpochEnd]
    private void Probe(int epoch) => MemoryProbe.Samples.Add(MemorySample.Take(epoch));
}

/// <summary>The same network with no callback: the baseline of TorchSharp and the loop alone.</summary>
[Accuracy]
public sealed partial class NoCallbacksModel : nn.Module<Tensor, Tensor>
{
    private readonly Sequential _layers = MemoryLayers.Create();

    public NoCallbacksModel() : base(nameof(NoCallbacksModel)) => RegisterComponents();

    public override Tensor forward(Tensor input) => _layers.call(input);

    [OnEpochEnd]
    private void Probe(int epoch) => MemoryProbe.Samples.Add(MemorySample.Take(epoch));
}

internal static class MemoryLayers
{
    public static Sequential Create() => nn.Sequential(nn.Linear(8, 64), nn.ReLU(), nn.Dropout(0.1), nn.Linear(64, 4));
}
