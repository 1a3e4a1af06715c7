using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Declarative.Tests.Models;

/// <summary>Records, at every forward, whether it ran in training mode and whether gradients were recorded.</summary>
[MeanSquaredError]
public partial class DropoutProbe : nn.Module<Tensor, Tensor>
{
    private readonly Linear _layer = nn.Linear(2, 1);

    public DropoutProbe() : base(nameof(DropoutProbe)) => RegisterComponents();

    public List<(bool Training, bool Gradients)> Seen { get; } = [];

    public override Tensor forward(Tensor input)
    {
        Seen.Add((training, is_grad_enabled()));
        return _layer.call(input).squeeze(1);
    }
}

/// <summary>
/// A one-weight model whose validation loss follows a script, one value per validation pass (in eval mode it outputs
/// the value, so an L1 loss against zero targets is exactly it), with every callback that monitors <c>val_loss</c>:
/// what each does on epochs that do not validate is what a validation frequency test looks at.
/// </summary>
[EarlyStopping(Monitor = "val_loss", Patience = 2)]
[ReduceLROnPlateau(Monitor = "val_loss", Patience = 1, Factor = 0.5)]
[ModelCheckpoint("checkpoints/best-{epoch:02d}.bin", Monitor = "val_loss", SaveBestOnly = true)]
[CsvLogger("history.csv")]
public partial class SometimesValidatedModel : nn.Module<Tensor, Tensor>
{
    private readonly Linear _layer = nn.Linear(1, 1);
    private readonly double[] _validationLosses;
    private int _validationPasses;

    public SometimesValidatedModel(params double[] validationLosses) : base(nameof(SometimesValidatedModel))
    {
        _validationLosses = validationLosses;
        RegisterComponents();
    }

    public int TrainingBatches { get; private set; }

    public int ValidationBatches { get; private set; }

    public override void train(bool train = true)
    {
        base.train(train);
        if (!train) _validationPasses++;
    }

    public override Tensor forward(Tensor input)
    {
        if (training)
        {
            TrainingBatches++;
            return _layer.call(input);
        }

        ValidationBatches++;
        return full(input.shape[0], 1, _validationLosses[_validationPasses - 1]);
    }
}
