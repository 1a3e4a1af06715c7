using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Declarative.Tests.Models;

/// <summary>
/// A one-weight model whose validation loss follows a script: in eval mode it outputs the scripted value for the
/// current validation pass, so with an L1 loss against zero targets, val_loss is exactly that value. It trains a real
/// linear layer, so its weights change every epoch.
/// </summary>
[EarlyStopping(Monitor = "val_loss", Patience = 2, RestoreBestWeights = true)]
[ModelCheckpoint("checkpoints/best-{epoch:02d}-{val_loss:.3f}.bin", Monitor = "val_loss", SaveBestOnly = true)]
[ModelCheckpoint("checkpoints/every-{epoch}.bin", SaveWeightsOnly = true)]
public partial class ScriptedModel : nn.Module<Tensor, Tensor>
{
    private readonly Linear _layer;
    private readonly double[] _validationLosses;
    private int _validationPasses;

    public ScriptedModel(params double[] validationLosses) : base(nameof(ScriptedModel))
    {
        _validationLosses = validationLosses;
        _layer = nn.Linear(1, 1);
        RegisterComponents();
    }

    public int TrainingBatches { get; private set; }

    public override void train(bool train = true)
    {
        base.train(train);
        if (!train) _validationPasses++;
    }

    public override Tensor forward(Tensor input)
    {
        if (!training) return full(input.shape[0], 1, _validationLosses[_validationPasses - 1]);
        TrainingBatches++;
        return _layer.call(input);
    }
}
