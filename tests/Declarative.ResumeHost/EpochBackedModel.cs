using Declarative;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Declarative.ResumeHost;

/// <summary>
/// <see cref="ResumableModel"/>'s network and data, backed up at epoch ends only, with a CSV log that appends: a process
/// killed in its first epoch, before any epoch's backup, has written TensorBoard events and checkpoints that the next
/// run must not show twice.
/// </summary>
[Accuracy]
[BackupAndRestore("backup")]
[ModelCheckpoint("checkpoints/e-{epoch:02d}-{val_loss:.4f}.bin", Monitor = "val_loss", SaveBestOnly = true)]
[CsvLogger("history.csv", Append = true)]
[TensorBoard("tensorboard", UpdateFrequency = 2)]
[Callback(typeof(Interrupting<>))]
public partial class EpochBackedModel : nn.Module<Tensor, Tensor>
{
    private readonly Sequential _layers;

    public EpochBackedModel() : base(nameof(EpochBackedModel))
    {
        _layers = ResumableModel.Layers();
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => _layers.call(input);

    /// <summary>Trains 6 epochs (or until interrupted), with the same seeds every time.</summary>
    public static History<EpochBackedModelLogs> Train(EpochBackedModel model, CancellationToken cancellationToken = default)
    {
        var ((inputs, targets), validation) = ResumableModel.Data();
        return model.Fit(inputs, targets, batchSize: 16, epochs: 6, optim.Adam(model.parameters(), 0.005), nn.CrossEntropyLoss(),
            validation: validation, progress: ProgressMode.Silent, output: TextWriter.Null, cancellationToken: cancellationToken);
    }
}
