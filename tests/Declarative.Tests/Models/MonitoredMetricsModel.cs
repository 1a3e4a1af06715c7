using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Declarative.Tests.Models;

/// <summary>
/// A three-class classifier (probabilities out) that watches the metrics of imbalanced problems (one of its own): it stops on val_auc,
/// keeps the checkpoint of the best val_f1_score (named by it), logs every metric to CSV, backs up after every batch,
/// and cancels its own run after a given training batch (a Ctrl+C in the middle of an epoch).
/// </summary>
[AUC]
[F1Score(Average = MetricAverage.Macro, Classes = 3)]
[TopKAccuracy(K = 2)]
[Precision(Average = MetricAverage.Weighted, Classes = 3, Name = "weighted_precision")]
[CustomMetric(typeof(BalancedAccuracy), Direction = MetricDirection.Maximize)]
[EarlyStopping(Monitor = "val_auc", Patience = 2)]
[ModelCheckpoint("best-{epoch}-{val_f1_score:.3f}.bin", Monitor = "val_f1_score", SaveBestOnly = true)]
[CsvLogger("history.csv")]
[BackupAndRestore("backup", SaveFrequency = 1)]
public partial class MonitoredMetricsModel : nn.Module<Tensor, Tensor>
{
    private readonly Sequential _layers = nn.Sequential(nn.Linear(2, 8), nn.ReLU(), nn.Linear(8, 3), nn.Softmax(-1));
    private int _batches;

    public MonitoredMetricsModel() : base(nameof(MonitoredMetricsModel)) => RegisterComponents();

    public CancellationTokenSource Cancellation { get; } = new();

    /// <summary>The training batch of this run (counted from 1 across epochs) after which the run is cancelled, if set.</summary>
    public int? CancelAfterBatch { get; init; }

    public override Tensor forward(Tensor input) => _layers.call(input);

    [OnTrainBatchEnd]
    private void MaybeCancel(int batch)
    {
        if (++_batches == CancelAfterBatch) Cancellation.Cancel();
    }
}

/// <summary>A linear regression of two outputs that stops when its validation R² stops improving.</summary>
[R2Score]
[RootMeanSquaredError]
[EarlyStopping(Monitor = "val_r2_score", Patience = 1)]
public partial class R2Model : nn.Module<Tensor, Tensor>
{
    private readonly Linear _layer = nn.Linear(3, 2);

    public R2Model() : base(nameof(R2Model)) => RegisterComponents();

    public override Tensor forward(Tensor input) => _layer.call(input);
}

/// <summary>A metric of one's own: the mean over the classes of each class's accuracy (recall), from counts kept on the device.</summary>
public sealed class BalancedAccuracy : Declarative.Metrics.StatefulMetric
{
    private static readonly Scalar One = 1.0;
    private readonly Tensor _correct;
    private readonly Tensor _total;

    public BalancedAccuracy(Device device) : base(device)
    {
        _correct = AddState("correct", [3]);
        _total = AddState("total", [3]);
    }

    public override void Update(Tensor output, Tensor target)
    {
        var hits = output.argmax(-1).eq(target).to_type(ScalarType.Float64);
        _correct.index_add_(0, target, hits, One);
        _total.index_add_(0, target, ones_like(hits), One);
    }

    protected override double Compute() => (_correct / _total.clamp_min(1)).mean().item<double>();
}
