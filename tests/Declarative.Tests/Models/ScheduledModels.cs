using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Declarative.Tests.Models;

/// <summary>Halves the learning rate every epoch, from the rate in the optimizer: <c>(int epoch, double lr)</c>.</summary>
[LearningRateScheduler(nameof(Halve))]
public partial class HalvingModel : nn.Module<Tensor, Tensor>
{
    private readonly Linear _layer;

    public HalvingModel() : base(nameof(HalvingModel))
    {
        _layer = nn.Linear(1, 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => _layer.call(input);

    private static double Halve(int epoch, double learningRate) => learningRate / 2;
}

/// <summary>A schedule of the epoch alone: <c>(int epoch)</c>.</summary>
[LearningRateScheduler(nameof(InverseTime))]
public partial class InverseTimeModel : nn.Module<Tensor, Tensor>
{
    private readonly Linear _layer;

    public InverseTimeModel() : base(nameof(InverseTimeModel))
    {
        _layer = nn.Linear(1, 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => _layer.call(input);

    public static double InverseTime(int epoch) => 0.1 / (epoch + 1);
}

/// <summary>
/// The runs of the per-step schedule tests: 8 batches an epoch whose gradients accumulate in groups of 3 (3 optimizer
/// steps an epoch, of 3, 3 and 2 batches), backed up at epoch ends and when cancelled, and a metric that never improves
/// (for ReduceLROnPlateau). Each batch records the learning rate and momentum (Adam's β1) it trains with. Each model
/// derived from it declares one schedule.
/// </summary>
[AccumulateGradients(3)]
[BackupAndRestore("backup/{model}")]
public partial class ScheduledRunModel : nn.Module<Tensor, Tensor>
{
    private readonly Linear _layer = nn.Linear(2, 2);
    private int _batches;

    public ScheduledRunModel() : base(nameof(ScheduledRunModel)) => RegisterComponents();

    /// <summary>The optimizer Fit is given, whose first parameter group each batch reads.</summary>
    public optim.Optimizer? Optimizer { get; set; }

    /// <summary>The batch (counted over this run) after which <see cref="Cancellation"/> is cancelled; -1 for never.</summary>
    public int CancelAfter { get; set; } = -1;

    public CancellationTokenSource Cancellation { get; } = new();

    /// <summary>The learning rate and momentum each training batch of this run began with.</summary>
    public List<(double Rate, double Momentum)> Seen { get; } = [];

    public override Tensor forward(Tensor input) => _layer.call(input);

    [Metric(Name = "flat", Direction = MetricDirection.Minimize)]
    private static Tensor Flat(Tensor output, Tensor target) => zeros(output.shape[0]);

    [OnTrainBatchBegin]
    protected void Record(int batch)
    {
        var group = Optimizer!.ParamGroups.First();
        Seen.Add((group.LearningRate, group is optim.IBetas betas ? betas.Betas.Item1 : double.NaN));
    }

    [OnTrainBatchEnd]
    protected void Count(int batch)
    {
        if (++_batches == CancelAfter) Cancellation.Cancel();
    }
}

/// <summary>A warmup of 2 optimizer steps, then a cosine decay over the run's optimizer steps.</summary>
[WarmupCosineSchedule(WarmupSteps = 2)]
public partial class WarmupCosineRun : ScheduledRunModel
{
}

/// <summary>PyTorch's 1cycle over the run's optimizer steps, cycling Adam's β1.</summary>
[OneCycleSchedule(0.05)]
public partial class OneCycleRun : ScheduledRunModel
{
}

/// <summary>A linear warmup over 8 optimizer steps, while ReduceLROnPlateau halves the rate at the end of the second epoch.</summary>
[LinearSchedule(Steps = 8, StartFactor = 0.25)]
[ReduceLROnPlateau(Monitor = "flat", Patience = 1, Factor = 0.5, MinDelta = 0)]
public partial class WarmupThenPlateauRun : ScheduledRunModel
{
}

/// <summary>TorchSharp's StepLR (halving every 2 steps, a chained scheduler), stepped after every optimizer step.</summary>
[TorchScheduler(nameof(Create), Interval = ScheduleInterval.Step)]
public partial class StepLRRun : ScheduledRunModel
{
    private static optim.lr_scheduler.LRScheduler Create(optim.Optimizer optimizer) => optim.lr_scheduler.StepLR(optimizer, 2, 0.5);
}
