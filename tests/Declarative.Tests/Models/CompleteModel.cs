using Declarative.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Declarative.Tests.Models;

/// <summary>Every callback on one tiny classifier, plus lambda hooks and a generic user callback recording what they see.</summary>
[Accuracy]
[ReduceLROnPlateau(Monitor = "val_loss", Factor = 0.5, Patience = 1, MinDelta = 0)]
[TerminateOnNaN]
[EarlyStopping(Monitor = "val_accuracy", Patience = 100)]
[ModelCheckpoint("run/best-{epoch}.bin", Monitor = "val_loss", SaveBestOnly = true)]
[CsvLogger("run/history.csv")]
[TensorBoard("run/tensorboard", UpdateFrequency = 2, HistogramFrequency = 2)]
[Callback(typeof(EventRecorder<>))]
public partial class CompleteModel : nn.Module<Tensor, Tensor>
{
    private readonly Linear _layer;

    public CompleteModel() : base(nameof(CompleteModel))
    {
        _layer = nn.Linear(2, 2);
        RegisterComponents();
    }

    public List<string> HookEvents { get; } = [];

    public override Tensor forward(Tensor input) => _layer.call(input);

    [OnTrainBegin]
    private void TrainBegins(TrainingSession session) => HookEvents.Add($"train_begin {session.Epochs}");

    [OnEpochBegin]
    private void EpochBegins(int epoch) => HookEvents.Add($"epoch_begin {epoch}");

    [OnTrainBatchBegin]
    private void BatchBegins(int batch) => HookEvents.Add($"batch_begin {batch}");

    [OnTrainBatchEnd]
    private void BatchEnds(int batch, CompleteModelLogs logs) => HookEvents.Add($"batch_end {batch} {(double.IsFinite(logs.Loss) && logs.ValLoss is null ? "running" : "?")}");

    [OnEpochEnd]
    private void EpochEnds(int epoch, in CompleteModelLogs logs) => HookEvents.Add($"epoch_end {epoch} {(logs.ValLoss.HasValue ? "validated" : "?")}");

    [OnTrainEnd]
    private void TrainEnds(TrainingEnd end) => HookEvents.Add($"train_end {end.Reason}");
}

/// <summary>A user callback for any model: implements every hook and records them.</summary>
public sealed class EventRecorder<TLogs> : IOnTrainBegin, IOnEpochBegin, IOnTrainBatchBegin, IOnTrainBatchEnd, IOnTrainBatchEnd<TLogs>, IOnEpochEnd<TLogs>, IOnTrainEnd
    where TLogs : struct, ITrainingLogs<TLogs>
{
    public List<string> Events { get; } = [];

    public void OnTrainBegin(TrainingSession session) => Events.Add("train_begin");

    public void OnEpochBegin(int epoch) => Events.Add($"epoch_begin {epoch}");

    public void OnTrainBatchBegin(int batch) => Events.Add($"batch_begin {batch}");

    public void OnTrainBatchEnd(int batch) => Events.Add($"batch_end {batch}");

    // Implemented explicitly: the generated code calls hooks through their interfaces.
    void IOnTrainBatchEnd<TLogs>.OnTrainBatchEnd(int batch, in TLogs logs) => Events.Add($"batch_end {batch} loss {(logs.TryGetValue("loss", out var loss) && double.IsFinite(loss) ? "finite" : "?")}");

    public void OnEpochEnd(int epoch, in TLogs logs) => Events.Add($"epoch_end {epoch} {(logs.HasValidation ? "validated" : "?")}");

    public void OnTrainEnd(TrainingEnd end) => Events.Add($"train_end {end.Reason}");
}
