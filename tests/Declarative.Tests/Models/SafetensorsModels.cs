using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Declarative.Tests.Models;

/// <summary>
/// A classifier with a batch-norm layer and an exponential average from epoch 1, whose checkpoints are safetensors files:
/// the two best by loss and the latest, as PyTorch users would load them.
/// </summary>
[EMAWeightAveraging(Decay = 0.8, StartEpoch = 1, EndWithAveragedWeights = false)]
[ModelCheckpoint("checkpoints/net-{epoch}.safetensors", Format = CheckpointFormat.Safetensors, SaveWeightsOnly = true, Monitor = "loss", SaveTopK = 2, LastFilePath = "checkpoints/last.safetensors")]
public partial class SafetensorsCheckpointModel : nn.Module<Tensor, Tensor>
{
    private readonly Sequential _layers = nn.Sequential(nn.Linear(2, 4), nn.BatchNorm1d(4), nn.ReLU(), nn.Linear(4, 2));

    public SafetensorsCheckpointModel() : base(nameof(SafetensorsCheckpointModel)) => RegisterComponents();

    public override Tensor forward(Tensor input) => _layers.call(input);
}
