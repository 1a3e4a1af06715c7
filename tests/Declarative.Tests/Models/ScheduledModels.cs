using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Declarative.Tests.Models;

/// <summary>Halves the learning rate every epoch, from the rate in the optimizer: <c>(int epoch, double lr)</c>.</summary>
[LearningRateScheduler(nameof(Halve))]
public partial class HalvingModel : nn.Module<Tensor, Tensor>
{
    private readonly Linear _layer;

    public HalvingModel() : base(nameof(HalvingModel))
    {
        _layer = nn.Linear(1, 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => _layer.call(input);

    private static double Halve(int epoch, double learningRate) => learningRate / 2;
}

/// <summary>A schedule of the epoch alone: <c>(int epoch)</c>.</summary>
[LearningRateScheduler(nameof(InverseTime))]
public partial class InverseTimeModel : nn.Module<Tensor, Tensor>
{
    private readonly Linear _layer;

    public InverseTimeModel() : base(nameof(InverseTimeModel))
    {
        _layer = nn.Linear(1, 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => _layer.call(input);

    public static double InverseTime(int epoch) => 0.1 / (epoch + 1);
}
