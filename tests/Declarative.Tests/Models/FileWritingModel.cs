using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Declarative.Tests.Models;

/// <summary>
/// A classifier with every callback that writes files the user keeps (a CSV log, TensorBoard events, checkpoints),
/// which counts its training batches and can hold its first one until released (so that a test can start a second run
/// meanwhile).
/// </summary>
[Accuracy]
[CsvLogger("history.csv")]
[TensorBoard("tensorboard")]
[ModelCheckpoint("checkpoints/{epoch}.bin", SaveWeightsOnly = true)]
public partial class FileWritingModel : nn.Module<Tensor, Tensor>
{
    private readonly Linear _layer = nn.Linear(2, 2);

    public FileWritingModel() : base(nameof(FileWritingModel)) => RegisterComponents();

    public int Batches { get; private set; }

    public ManualResetEventSlim Holding { get; } = new();

    public ManualResetEventSlim Release { get; } = new(initialState: true);

    public override Tensor forward(Tensor input) => _layer.call(input);

    [OnTrainBatchEnd]
    private void Count(int batch)
    {
        if (Batches++ > 0) return;
        Holding.Set();
        Release.Wait();
    }
}
