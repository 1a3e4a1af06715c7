using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Declarative.Tests.Models;

/// <summary>
/// A classifier with epoch backups whose validation data is shuffled (its order drawn from the generator at each pass),
/// which cancels its own run at a given batch of a given validation pass (a Ctrl+C during validation): a resume must
/// draw the same numbers as the uninterrupted run from there on.
/// </summary>
[Accuracy]
[BackupAndRestore("backup")]
public partial class ShuffledValidationModel : nn.Module<Tensor, Tensor>
{
    private readonly Sequential _layers = nn.Sequential(nn.Linear(2, 8), nn.ReLU(), nn.Dropout(0.2), nn.Linear(8, 2));
    private int _passes;

    public ShuffledValidationModel() : base(nameof(ShuffledValidationModel)) => RegisterComponents();

    public CancellationTokenSource Cancellation { get; } = new();

    /// <summary>The validation pass of this run (from 1) and its batch (from 0) after which the run is cancelled, if set.</summary>
    public (int Pass, int Batch)? CancelInValidation { get; init; }

    public override Tensor forward(Tensor input) => _layers.call(input);

    [OnTestBegin]
    private void CountPass() => _passes++;

    [OnTestBatchEnd]
    private void MaybeCancel(int batch)
    {
        if (CancelInValidation == (_passes, batch)) Cancellation.Cancel();
    }
}
