using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Declarative.Tests.Models;

/// <summary>A small classifier with accuracy, a user metric, and early stopping on validation accuracy.</summary>
[Accuracy]
[EarlyStopping(Monitor = "val_accuracy", Patience = 3)]
public partial class BlobClassifier : nn.Module<Tensor, Tensor>
{
    private readonly Sequential _layers;

    public BlobClassifier(int inputs = 2, int classes = 2) : base(nameof(BlobClassifier))
    {
        _layers = nn.Sequential(nn.Linear(inputs, 16), nn.ReLU(), nn.Linear(16, classes));
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => _layers.call(input);

    /// <summary>The mean probability the model gives the right class.</summary>
    [Metric(Direction = MetricDirection.Maximize)]
    private static Tensor Confidence(Tensor output, Tensor target) =>
        nn.functional.softmax(output, 1).gather(1, target.unsqueeze(1)).squeeze(1);
}
