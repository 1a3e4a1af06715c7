using Declarative;
using Declarative.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Declarative.ResumeHost;

/// <summary>
/// A small classifier with every stateful callback, dropout (random at every batch) and shuffled data (a random order at
/// every epoch), backed up every 4 batches: an interrupted run that resumes must end exactly like an uninterrupted one.
/// Its ranked checkpoint keeps the two best files and a last file, listed in checkpoints.json, which must end the same.
/// Its metrics keep every kind of state (a mean, counts per class, a histogram of thresholds), which a backup in the
/// middle of an epoch carries over.
/// </summary>
[Accuracy]
[F1Score(Average = MetricAverage.Macro, Classes = 3)]
[AUC(FromLogits = true, NumThresholds = 50)]
[BackupAndRestore("backup", SaveFrequency = 4)]
[EarlyStopping(Monitor = "val_loss", Patience = 3, RestoreBestWeights = true)]
[ModelCheckpoint("checkpoints/m-{epoch:02d}-{val_loss:.4f}.bin", Monitor = "val_loss", SaveBestOnly = true)]
[ModelCheckpoint("checkpoints/r-{epoch:02d}.bin", Monitor = "val_accuracy", SaveTopK = 2, SaveWeightsOnly = true, LastFilePath = "checkpoints/last.bin", SaveOnInterrupt = true)]
[ReduceLROnPlateau(Monitor = "val_loss", Factor = 0.5, Patience = 1, MinDelta = 0)]
[CsvLogger("history.csv")]
[TensorBoard("tensorboard", UpdateFrequency = 5)]
[Callback(typeof(Interrupting<>))]
public partial class ResumableModel : nn.Module<Tensor, Tensor>
{
    private readonly Sequential _layers;

    public ResumableModel() : base(nameof(ResumableModel))
    {
        _layers = Layers();
        RegisterComponents();
    }

    /// <summary>Where the filtered hook ran in this process: (epoch, batch).</summary>
    public List<(int Epoch, int Batch)> Sampled { get; } = [];

    public override Tensor forward(Tensor input) => _layers.call(input);

    // A filtered hook: the dispatcher's batch counter must survive a resume for it to fire on the same batches.
    [OnTrainBatchEnd(Every = 7)]
    private void Sample(int batch, ResumableModelLogs logs) => Sampled.Add((logs.Epoch, batch));

    /// <summary>The layers both models of this host train.</summary>
    public static Sequential Layers() => nn.Sequential(nn.Linear(4, 32), nn.ReLU(), nn.Dropout(0.3), nn.Linear(32, 3));

    /// <summary>The data: 3 noisy classes in 4 dimensions, made from a fixed seed.</summary>
    public static ((Tensor, Tensor) Train, (Tensor, Tensor) Validation) Data()
    {
        using var generator = new Generator(11);
        (Tensor, Tensor) Make(int samples)
        {
            var targets = randint(0, 3, samples, dtype: ScalarType.Int64, generator: generator);
            var inputs = nn.functional.one_hot(targets, 4).to_type(ScalarType.Float32) * 1.5 + randn(samples, 4, generator: generator);
            return (inputs, targets);
        }

        return (Make(96), Make(64));
    }

    /// <summary>Trains to the end (or until interrupted), with the same seeds every time, with Adam or one of <see cref="Optimizers"/>, writing its files on the training thread or on the background writer.</summary>
    public static History<ResumableModelLogs> Train(ResumableModel model, CancellationToken cancellationToken = default, string? optimizer = null, SignalHandling signals = default, bool backgroundSaves = false)
    {
        var ((inputs, targets), validation) = Data();
        var optimizing = optimizer is null ? optim.Adam(model.parameters(), 0.005) : Optimizers.Create(optimizer, model.parameters());
        return model.Fit(inputs, targets, batchSize: 16, epochs: 20, optimizing, nn.CrossEntropyLoss(),
            validation: validation, progress: ProgressMode.Silent, output: TextWriter.Null, cancellationToken: cancellationToken, signals: signals, backgroundSaves: backgroundSaves);
    }
}

/// <summary>
/// Lets a test interrupt the run after a given batch or epoch of this process, at the start of a given validation pass,
/// or in the middle of a given backup write; <see cref="Session"/> is the run under way.
/// </summary>
public static class Interrupter
{
    public static TrainingSession? Session { get; set; }

    public static Action<int>? AfterBatch { get; set; }

    public static Action<int>? InValidation { get; set; }

    public static Action<int>? AfterEpoch { get; set; }

    public static Action<int>? DuringBackup { get; set; }
}

/// <summary>The callback that calls <see cref="Interrupter"/>'s actions, counting batches, epochs, validation passes and backups of this process.</summary>
public sealed class Interrupting<TLogs> : IOnTrainBegin, IOnTrainBatchEnd, IOnTestBatchBegin, IOnEpochEnd<TLogs>, IPersistentState
    where TLogs : struct, ITrainingLogs<TLogs>
{
    private int _batches;
    private int _backups;
    private int _epochs;
    private int _validations;

    public void OnTrainBegin(TrainingSession session) => Interrupter.Session = session;

    public void OnTrainBatchEnd(int batch) => Interrupter.AfterBatch?.Invoke(++_batches);

    // At the first batch of each validation pass, before its step.
    public void OnTestBatchBegin(int batch)
    {
        if (batch == 0) Interrupter.InValidation?.Invoke(++_validations);
    }

    public void OnEpochEnd(int epoch, in TLogs logs) => Interrupter.AfterEpoch?.Invoke(++_epochs);

    // Called while the backup file is being written, after the model's and the optimizer's sections.
    public void SaveState(BinaryWriter writer)
    {
        Interrupter.DuringBackup?.Invoke(++_backups);
        writer.Write(0);
    }

    public void LoadState(BinaryReader reader) => reader.ReadInt32();
}
