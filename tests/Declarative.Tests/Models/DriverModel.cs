using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Declarative.Tests.Models;

/// <summary>A classifier whose callbacks write every kind of file and stop early, trained by Fit and by a loop of the test's own.</summary>
[Accuracy]
[EarlyStopping(Monitor = "val_accuracy", Patience = 1, RestoreBestWeights = true)]
[ReduceLROnPlateau(Monitor = "val_loss", Factor = 0.5, Patience = 1)]
[ModelCheckpoint("checkpoints/m-{epoch}-{val_loss:.4f}.bin")]
[CsvLogger("history.csv")]
[TensorBoard("tensorboard")]
public partial class DriverModel : nn.Module<Tensor, Tensor>
{
    private readonly Linear _layer = nn.Linear(2, 2);

    public DriverModel() : base(nameof(DriverModel)) => RegisterComponents();

    public override Tensor forward(Tensor input) => _layer.call(input);
}
