using Declarative;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DeclarativeApp;

/// <summary>
/// A small classifier and its callbacks, declared as attributes: the source generator turns them into this model's
/// <c>Fit</c>, <c>Evaluate</c> and <c>Predict</c>, and checks them as you type (try misspelling "val_loss").
/// </summary>
[Accuracy]
[EarlyStopping(Monitor = "val_loss", Patience = 5, RestoreBestWeights = true, Verbose = true)]
[ReduceLROnPlateau(Monitor = "val_loss", Factor = 0.5, Patience = 2, Verbose = true)]
[ModelCheckpoint("runs/DeclarativeApp/checkpoints/model-{epoch:02d}-{val_loss:.3f}.bin", Monitor = "val_loss", SaveBestOnly = true)]
[CsvLogger("runs/DeclarativeApp/history.csv")]
public partial class DeclarativeApp : nn.Module<Tensor, Tensor>
{
    private readonly Sequential _layers;

    public DeclarativeApp(int inputs, int classes, int hidden = 64) : base(nameof(DeclarativeApp))
    {
        _layers = nn.Sequential(
            nn.Linear(inputs, hidden), nn.ReLU(),
            nn.Linear(hidden, hidden), nn.ReLU(),
            nn.Linear(hidden, classes));
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => _layers.call(input);
}
