using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Declarative.Tests.Models;

/// <summary>A linear regressor with the built-in error metrics; no callbacks.</summary>
[MeanAbsoluteError]
[MeanSquaredError]
public partial class Regressor : nn.Module<Tensor, Tensor>
{
    private readonly Linear _layer;

    public Regressor() : base(nameof(Regressor))
    {
        _layer = nn.Linear(3, 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => _layer.call(input);
}
