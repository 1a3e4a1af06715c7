using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Declarative.Tests.Models;

// Three models with the same layers. The first two declare the same configuration, written differently (argument
// order, spacing, nameof against a string, a default written out, an expression for a constant); the third changes one
// setting. A backup is identified by the configuration's canonical form, so the second resumes the first's backup and
// the third is refused.

[Accuracy]
[BackupAndRestore("backup", DeleteOnCompletion = false)]
[EarlyStopping(Monitor = "val_loss", Patience = 3, RestoreBestWeights = true)]
[ModelCheckpoint("checkpoints/m-{epoch:02d}.bin", Monitor = "val_loss", SaveBestOnly = true)]
[LearningRateScheduler(nameof(Schedule))]
[CsvLogger("history.csv")]
public partial class IdentityModel : nn.Module<Tensor, Tensor>
{
    private readonly Linear _layer;

    public IdentityModel() : base(nameof(IdentityModel))
    {
        _layer = nn.Linear(2, 2);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => _layer.call(input);

    private static double Schedule(int epoch, double learningRate) => learningRate * 0.9;

    [OnEpochEnd]
    private void Seen(int epoch)
    {
    }
}

[LearningRateScheduler("Schedule")]
[EarlyStopping(RestoreBestWeights=true, Patience=1 + 2)]
[ModelCheckpoint(filePath: "checkpoints/m-{epoch:02d}.bin", SaveBestOnly = true, Monitor = "val_loss")]
[CsvLogger("history.csv", Separator = ',')]
[Accuracy]
[BackupAndRestore(directory: "backup", DeleteOnCompletion = false, KeepPreviousGeneration = true)]
public partial class ReformattedIdentityModel : nn.Module<Tensor, Tensor>
{
    private readonly Linear _layer;

    public ReformattedIdentityModel() : base(nameof(IdentityModel))
    {
        _layer = nn.Linear(2, 2);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => _layer.call(input);

    private static double Schedule(int epoch, double learningRate) => learningRate * 0.9;

    [OnEpochEnd(Every = 1, FromEpoch = 0)]
    private void Seen(int epoch)
    {
    }
}

[Accuracy]
[BackupAndRestore("backup", DeleteOnCompletion = false)]
[EarlyStopping(Monitor = "val_loss", Patience = 4, RestoreBestWeights = true)]
[ModelCheckpoint("checkpoints/m-{epoch:02d}.bin", Monitor = "val_loss", SaveBestOnly = true)]
[LearningRateScheduler(nameof(Schedule))]
[CsvLogger("history.csv")]
public partial class PatienceChangedModel : nn.Module<Tensor, Tensor>
{
    private readonly Linear _layer;

    public PatienceChangedModel() : base(nameof(IdentityModel))
    {
        _layer = nn.Linear(2, 2);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => _layer.call(input);

    private static double Schedule(int epoch, double learningRate) => learningRate * 0.9;

    [OnEpochEnd]
    private void Seen(int epoch)
    {
    }
}
