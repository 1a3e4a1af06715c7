using Declarative;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Classifier;

/// <summary>
/// A multi-layer perceptron classifier with its callbacks: stop when validation loss has not improved for 5 epochs and
/// put the best epoch's weights back, save a checkpoint each time validation loss improves, decay the learning rate
/// after a warm start, log every epoch to a CSV file and to TensorBoard, sample the gradient norm, and back up the whole
/// training state after every epoch, so that an interrupted run resumes where it stopped.
/// </summary>
[Accuracy]
[EarlyStopping(Monitor = "val_loss", Patience = 5, RestoreBestWeights = true, Verbose = true)]
[ModelCheckpoint("runs/classifier/checkpoints/mlp-{epoch:02d}-{val_loss:.3f}.bin", Monitor = "val_loss", SaveBestOnly = true)]
[LearningRateScheduler(nameof(Schedule))]
[CsvLogger("runs/classifier/history.csv")]
[TensorBoard("runs/classifier/tensorboard", HistogramFrequency = 5)]
[Callback(typeof(GradientNormLogger), EveryBatches = 10)]
[BackupAndRestore("runs/classifier/backup")]
public partial class Mlp : nn.Module<Tensor, Tensor>
{
    private readonly Sequential _layers;

    public Mlp(int inputs, int classes, int hidden = 256) : base(nameof(Mlp))
    {
        _layers = nn.Sequential(
            nn.Linear(inputs, hidden), nn.ReLU(),
            nn.Linear(hidden, hidden), nn.ReLU(),
            nn.Linear(hidden, classes));
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => _layers.call(input);

    /// <summary>The initial rate for 10 epochs, then 2% less each epoch.</summary>
    private static double Schedule(int epoch, double learningRate) => epoch < 10 ? learningRate : learningRate * 0.98;
}
