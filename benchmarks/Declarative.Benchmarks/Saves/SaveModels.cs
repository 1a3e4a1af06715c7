using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Declarative.Benchmarks.Saves;

/// <summary>
/// A model of 51.4 MB of float32 parameters (one 3584 × 3584 layer and its bias: 12.85 million), trained without backups:
/// the reference of the save benchmark.
/// </summary>
[CsvLogger("history.csv")]
public sealed partial class UnsavedModel : nn.Module<Tensor, Tensor>
{
    private readonly Linear _layer = nn.Linear(SaveWorkload.Width, SaveWorkload.Width);

    public UnsavedModel() : base(nameof(UnsavedModel)) => RegisterComponents();

    public override Tensor forward(Tensor input) => _layer.call(input);
}

/// <summary>The same model, backed up every 20 batches (each backup holds the 51.4 MB of weights; SGD keeps no state).</summary>
[CsvLogger("history.csv")]
[BackupAndRestore("backup", SaveFrequency = 20)]
public sealed partial class BackedUpModel : nn.Module<Tensor, Tensor>
{
    private readonly Linear _layer = nn.Linear(SaveWorkload.Width, SaveWorkload.Width);

    public BackedUpModel() : base(nameof(BackedUpModel)) => RegisterComponents();

    public override Tensor forward(Tensor input) => _layer.call(input);
}
