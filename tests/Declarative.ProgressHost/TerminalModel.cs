using Declarative;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Declarative.ProgressHost;

/// <summary>
/// Enough metrics that an epoch's line is longer than 80 columns, and a verbose checkpoint whose messages are longer
/// than a terminal line, printed while the bar is live.
/// </summary>
[Accuracy]
[ModelCheckpoint("checkpoints/a-rather-long-folder-name-for-checkpoints/terminal-model-epoch-{epoch:02d}-val_loss-{val_loss:.4f}.bin", Verbose = true)]
public partial class TerminalModel : nn.Module<Tensor, Tensor>
{
    private readonly Sequential _layers = nn.Sequential(nn.Linear(16, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, 4));

    public TerminalModel() : base(nameof(TerminalModel)) => RegisterComponents();

    public override Tensor forward(Tensor input) => _layers.call(input);

    /// <summary>Called after each training batch with the epoch and the batch (0-based), while the bar is live.</summary>
    public Action<int, int>? AfterBatch { get; set; }

    private int Epoch { get; set; }

    [OnEpochBegin]
    private void BeginEpoch(int epoch) => Epoch = epoch;

    [OnTrainBatchEnd]
    private void EndBatch(int batch) => AfterBatch?.Invoke(Epoch, batch);

    [Metric(Direction = MetricDirection.Maximize)]
    private static Tensor Confidence(Tensor output, Tensor target) => nn.functional.softmax(output, 1).max(1).values;

    [Metric(Direction = MetricDirection.Maximize)]
    private static Tensor TargetProbability(Tensor output, Tensor target) => nn.functional.softmax(output, 1).gather(1, target.unsqueeze(1));
}
