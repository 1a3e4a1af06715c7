using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Declarative.Tests.Models;

/// <summary>Same layers as ResumableModel, but other callbacks: it must not resume ResumableModel's backup silently.</summary>
[Accuracy]
[BackupAndRestore("backup", SaveFrequency = 4)]
[EarlyStopping(Monitor = "val_loss", Patience = 5)]
public partial class OtherConfigurationModel : nn.Module<Tensor, Tensor>
{
    private readonly Sequential _layers;

    public OtherConfigurationModel() : base(nameof(OtherConfigurationModel))
    {
        _layers = nn.Sequential(nn.Linear(4, 32), nn.ReLU(), nn.Dropout(0.3), nn.Linear(32, 3));
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => _layers.call(input);
}
