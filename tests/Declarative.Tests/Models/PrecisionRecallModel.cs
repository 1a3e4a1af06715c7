using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Declarative.Tests.Models;

/// <summary>A binary classifier (a probability per sample) that stops when its validation precision stops improving.</summary>
[Precision]
[Recall(Threshold = 0.3, Name = "recall_at_03")]
[EarlyStopping(Monitor = "val_precision", Patience = 2)]
public partial class PrecisionRecallModel : nn.Module<Tensor, Tensor>
{
    private readonly Linear _layer = nn.Linear(2, 1);

    public PrecisionRecallModel() : base(nameof(PrecisionRecallModel)) => RegisterComponents();

    public override Tensor forward(Tensor input) => _layer.call(input).sigmoid().squeeze(1);
}
