using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Declarative.Tests.Models;

/// <summary>Saves every 3 training batches, counted across epochs, and the best running loss every 2.</summary>
[ModelCheckpoint("batches/e{epoch}-b{batch}.bin", SaveFrequency = 3, SaveWeightsOnly = true)]
[ModelCheckpoint("best-batches/{epoch}-{batch}-{loss:.4f}.bin", SaveFrequency = 2, Monitor = "loss", SaveBestOnly = true)]
public partial class BatchCheckpointModel : nn.Module<Tensor, Tensor>
{
    private readonly Linear _layer;

    public BatchCheckpointModel() : base(nameof(BatchCheckpointModel))
    {
        _layer = nn.Linear(1, 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => _layer.call(input);
}
