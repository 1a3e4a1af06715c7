using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Declarative.Tests.Models;

/// <summary>
/// A small classifier backed up every 3 batches, which cancels its own run after a given number of training batches
/// (a Ctrl+C at a batch's end): the model the optimizer resume tests train with each optimizer.
/// </summary>
[BackupAndRestore("backup", SaveFrequency = 3)]
public partial class OptimizerResumeModel : nn.Module<Tensor, Tensor>
{
    private readonly Sequential _layers = nn.Sequential(nn.Linear(2, 8), nn.ReLU(), nn.Linear(8, 2));
    private int _batches;

    public OptimizerResumeModel() : base(nameof(OptimizerResumeModel)) => RegisterComponents();

    /// <summary>Cancelled after <see cref="CancelAfterBatches"/> training batches of this run, if set.</summary>
    public CancellationTokenSource Cancellation { get; } = new();

    public int? CancelAfterBatches { get; init; }

    public override Tensor forward(Tensor input) => _layers.call(input);

    [OnTrainBatchEnd]
    private void Count(int batch)
    {
        if (++_batches == CancelAfterBatches) Cancellation.Cancel();
    }
}
