using System.Collections.Generic;
using Declarative.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Declarative.Tests.Models;

/// <summary>Logs to a folder that cannot be created (the tests make a file of that name).</summary>
[CsvLogger("blocked/history.csv")]
public partial class BlockedCsvModel : nn.Module<Tensor, Tensor>
{
    private readonly Linear _layer;

    public BlockedCsvModel() : base(nameof(BlockedCsvModel))
    {
        _layer = nn.Linear(1, 1);
        RegisterComponents();
    }

    public int Batches { get; private set; }

    public override Tensor forward(Tensor input)
    {
        Batches++;
        return _layer.call(input);
    }
}

/// <summary>Backs up to a folder that cannot be created.</summary>
[BackupAndRestore("blocked/backup")]
public partial class BlockedBackupModel : nn.Module<Tensor, Tensor>
{
    private readonly Linear _layer;

    public BlockedBackupModel() : base(nameof(BlockedBackupModel))
    {
        _layer = nn.Linear(1, 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => _layer.call(input);
}

/// <summary>Names a validation value in its checkpoint file name, while monitoring a training value.</summary>
[ModelCheckpoint("checkpoints/{epoch}-{val_loss:.3f}.bin", Monitor = "loss", SaveBestOnly = true)]
public partial class ValidationPlaceholderModel : nn.Module<Tensor, Tensor>
{
    private readonly Linear _layer;

    public ValidationPlaceholderModel() : base(nameof(ValidationPlaceholderModel))
    {
        _layer = nn.Linear(1, 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => _layer.call(input);
}

/// <summary>Records how training ended, as its OnTrainEnd hook sees it.</summary>
public partial class EndRecordingModel : nn.Module<Tensor, Tensor>
{
    private readonly Linear _layer;

    public EndRecordingModel() : base(nameof(EndRecordingModel))
    {
        _layer = nn.Linear(1, 1);
        RegisterComponents();
    }

    public List<TrainingEnd> Ends { get; } = [];

    public override Tensor forward(Tensor input) => _layer.call(input);

    [OnTrainEnd]
    private void Ended(TrainingEnd end) => Ends.Add(end);
}

/// <summary>
/// Every callback at once, and a user callback that tries to keep tensors made during batches: the live-tensor count at
/// each epoch end is recorded, to show it stays flat.
/// </summary>
[Accuracy]
[BackupAndRestore("backup", DeleteOnCompletion = false)]
[EarlyStopping(Monitor = "val_loss", Patience = 100, RestoreBestWeights = true)]
[ModelCheckpoint("checkpoints/best.bin", Monitor = "val_accuracy", SaveBestOnly = true)]
[ReduceLROnPlateau(Monitor = "val_loss", Patience = 2)]
[TerminateOnNaN]
[CsvLogger("history.csv")]
[TensorBoard("tensorboard", UpdateFrequency = 1, HistogramFrequency = 1)]
// The hoarder's tensors are what the test looks at, not state to resume.
#pragma warning disable DCB0032
[Callback(typeof(TensorHoarder))]
#pragma warning restore DCB0032
public partial class LeakCheckModel : nn.Module<Tensor, Tensor>
{
    private readonly Sequential _layers;

    public LeakCheckModel() : base(nameof(LeakCheckModel))
    {
        _layers = nn.Sequential(nn.Linear(2, 8), nn.ReLU(), nn.Dropout(0.1), nn.Linear(8, 2));
        RegisterComponents();
    }

    public List<long> LiveTensorsAtEpochEnd { get; } = [];

    public override Tensor forward(Tensor input) => _layers.call(input);

    public List<float> WeightNorms { get; } = [];

    // Makes a tensor at every epoch end and never disposes it, as user code does; the loop's scope frees it.
    [OnEpochEnd]
    private void Norm(int epoch) => WeightNorms.Add(parameters().First().norm().item<float>());

    [OnEpochEnd]
    private void Count(int epoch, LeakCheckModelLogs logs) => LiveTensorsAtEpochEnd.Add(DisposeScopeManager.Statistics.ThreadTotalLiveCount);

    [OnTrainBatchEnd]
    private void Batch(int batch, LeakCheckModelLogs logs)
    {
    }
}

/// <summary>Keeps every tensor it makes during batches; the batch's dispose scope frees them anyway.</summary>
public sealed class TensorHoarder : IOnTrainBegin, IOnTrainBatchEnd
{
    private TrainingSession? _session;

    public List<Tensor> Kept { get; } = [];

    public void OnTrainBegin(TrainingSession session) => _session = session;

    public void OnTrainBatchEnd(int batch) => Kept.Add(_session!.Model.parameters().First().sum());
}
