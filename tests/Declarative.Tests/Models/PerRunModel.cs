using Declarative.Tests.Support;
using Declarative.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Declarative.Tests.Models;

/// <summary>
/// Every built-in callback whose settings decide which hooks matter, declared in its quiet form: an epoch-level
/// checkpoint, a timer checked at epoch ends, EarlyStopping that neither restores nor speaks, TensorBoard without batch
/// values or histograms, epoch backups. A run of it with other settings must do what those settings say. Its clock moves
/// one minute per training batch; it records its weights at every epoch's end.
/// </summary>
[Accuracy]
[EarlyStopping(Monitor = "val_loss", Patience = 100)]
[ModelCheckpoint("checkpoints/epoch-{epoch}.bin", SaveWeightsOnly = true)]
[Timer("01:00:00", Interval = TimerInterval.Epoch)]
[TensorBoard("tensorboard")]
[BackupAndRestore("backup")]
[Callback(typeof(BackupCounter))]
public partial class PerRunModel : nn.Module<Tensor, Tensor>
{
    private readonly Linear _layer;

    public PerRunModel() : base(nameof(PerRunModel))
    {
        _layer = nn.Linear(2, 2);
        RegisterComponents();
    }

    internal ManualClock Clock { get; } = new();

    public int Batches { get; private set; }

    public List<float[][]> EpochWeights { get; } = [];

    public override Tensor forward(Tensor input) => _layer.call(input);

    [OnTrainBatchEnd]
    private void Tick(int batch)
    {
        Batches++;
        Clock.Advance(TimeSpan.FromMinutes(1));
    }

    [OnEpochEnd]
    private void Record(int epoch) => EpochWeights.Add(Data.Weights(this));
}

/// <summary>Counts the backups it is saved into.</summary>
public sealed class BackupCounter : IOnTrainBegin, IPersistentState
{
    public int Saves { get; private set; }

    public void OnTrainBegin(TrainingSession session) => Saves = 0;

    public void SaveState(BinaryWriter writer)
    {
        Saves++;
        writer.Write(Saves);
    }

    public void LoadState(BinaryReader reader) => Saves = reader.ReadInt32();
}
