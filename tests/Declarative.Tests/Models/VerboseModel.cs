using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Declarative.Tests.Models;

/// <summary>A model whose schedule prints a message every epoch.</summary>
[LearningRateScheduler(nameof(Constant), Verbose = true)]
public partial class VerboseModel : nn.Module<Tensor, Tensor>
{
    private readonly Linear _layer;

    public VerboseModel() : base(nameof(VerboseModel))
    {
        _layer = nn.Linear(1, 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => _layer.call(input);

    private static double Constant(int epoch) => 0.01;
}
