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
