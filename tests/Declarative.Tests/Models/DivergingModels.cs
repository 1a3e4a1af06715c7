using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Declarative.Tests.Models;

/// <summary>Stops gracefully when the loss becomes NaN; records the events that still run.</summary>
[TerminateOnNaN]
public partial class DivergingModel : nn.Module<Tensor, Tensor>
{
    private readonly Linear _layer;
    private int _epoch;

    public DivergingModel() : base(nameof(DivergingModel))
    {
        _layer = nn.Linear(1, 1);
        RegisterComponents();
    }

    public List<string> Events { get; } = [];

    public override Tensor forward(Tensor input) => _layer.call(input);

    [OnEpochBegin]
    private void Begins(int epoch) => _epoch = epoch;

    [OnTrainBatchEnd]
    private void Batch(int batch) => Events.Add($"batch {_epoch}:{batch}");

    [OnEpochEnd]
    private void Ends(int epoch, DivergingModelLogs logs) => Events.Add($"epoch_end {epoch} val_loss {(logs.ValLoss is double v && double.IsFinite(v) ? "finite" : "nan")}");

    [OnTrainEnd]
    private void TrainEnds(TrainingEnd end) => Events.Add($"train_end {end.Reason}");
}

/// <summary>Throws when the loss becomes NaN.</summary>
[TerminateOnNaN(RaiseError = true)]
public partial class RaisingModel : nn.Module<Tensor, Tensor>
{
    private readonly Linear _layer;

    public RaisingModel() : base(nameof(RaisingModel))
    {
        _layer = nn.Linear(1, 1);
        RegisterComponents();
    }

    public List<string> Events { get; } = [];

    public override Tensor forward(Tensor input) => _layer.call(input);

    [OnTrainBatchEnd]
    private void Batch(int batch) => Events.Add($"batch {batch}");

    [OnTrainEnd]
    private void TrainEnds(TrainingEnd end) => Events.Add($"train_end {end.Reason} {end.Exception?.GetType().Name}");
}
