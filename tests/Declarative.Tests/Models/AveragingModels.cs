using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Declarative.Tests.Models;

/// <summary>
/// A small classifier with an exponential average of its weights, validated with it and kept beside the model's own at
/// the end: what the end-to-end EMA tests train (runs of other settings pass their own callbacks).
/// </summary>
[EMAWeightAveraging(Decay = 0.9, EndWithAveragedWeights = false)]
public partial class EmaClassifier : nn.Module<Tensor, Tensor>
{
    private readonly Sequential _layers = nn.Sequential(nn.Linear(2, 8), nn.ReLU(), nn.Linear(8, 2));

    public EmaClassifier() : base(nameof(EmaClassifier)) => RegisterComponents();

    public override Tensor forward(Tensor input) => _layers.call(input);
}

/// <summary>
/// An exponential average from epoch 1, kept beside the model's own weights at the end, saved by two checkpoints (one of
/// weights only) at every epoch end.
/// </summary>
[EMAWeightAveraging(Decay = 0.8, StartEpoch = 1, EndWithAveragedWeights = false)]
[ModelCheckpoint("checkpoints/full-{epoch}.bin")]
[ModelCheckpoint("checkpoints/weights-{epoch}.bin", SaveWeightsOnly = true)]
public partial class EmaCheckpointModel : nn.Module<Tensor, Tensor>
{
    private readonly Linear _layer = nn.Linear(2, 2);

    public EmaCheckpointModel() : base(nameof(EmaCheckpointModel)) => RegisterComponents();

    public override Tensor forward(Tensor input) => _layer.call(input);
}

/// <summary>
/// An exponential average kept beside the model's own weights, backed up every 3 batches, with a batch-norm layer (its
/// statistics are averaged too); it cancels its own run after a given number of training batches, or in the middle of
/// a given validation pass (where the averaged weights are swapped in).
/// </summary>
[EMAWeightAveraging(Decay = 0.7, UpdateEverySteps = 2, EndWithAveragedWeights = false)]
[BackupAndRestore("backup", SaveFrequency = 3)]
public partial class EmaResumeModel : nn.Module<Tensor, Tensor>
{
    private readonly Sequential _layers = nn.Sequential(nn.Linear(2, 6), nn.BatchNorm1d(6), nn.ReLU(), nn.Linear(6, 2));
    private int _batches;
    private int _passes;

    public EmaResumeModel() : base(nameof(EmaResumeModel)) => RegisterComponents();

    public CancellationTokenSource Cancellation { get; } = new();

    /// <summary>Cancel after this many training batches of this run, if set.</summary>
    public int? CancelAfterBatches { get; init; }

    /// <summary>Cancel during the first batch of this 1-based validation pass of this run, if set.</summary>
    public int? CancelInValidationPass { get; init; }

    public override Tensor forward(Tensor input) => _layers.call(input);

    [OnTrainBatchEnd]
    private void Count(int batch)
    {
        if (++_batches == CancelAfterBatches) Cancellation.Cancel();
    }

    [OnTestBegin]
    private void PassBegins() => _passes++;

    [OnTestBatchEnd]
    private void ValidationBatch(int batch)
    {
        if (_passes == CancelInValidationPass) Cancellation.Cancel();
    }
}

/// <summary>
/// Stochastic weight averaging from epoch 1 over a batch-norm layer, backed up every 2 batches; it cancels its own run
/// after a given number of training batches, and records its weights at every epoch end.
/// </summary>
[StochasticWeightAveraging(0.05, 1, AnnealingEpochs = 2)]
[BackupAndRestore("backup", SaveFrequency = 2)]
public partial class SwaModel : nn.Module<Tensor, Tensor>
{
    private readonly Linear _first = nn.Linear(2, 4);
    private readonly BatchNorm1d _norm = nn.BatchNorm1d(4);
    private readonly Linear _last = nn.Linear(4, 2);
    private int _batches;

    public SwaModel() : base(nameof(SwaModel)) => RegisterComponents();

    /// <summary>The layer whose outputs the batch-norm layer normalizes.</summary>
    public Linear First => _first;

    public BatchNorm1d Norm => _norm;

    public CancellationTokenSource Cancellation { get; } = new();

    public int? CancelAfterBatches { get; init; }

    /// <summary>The parameters at each epoch end of this run.</summary>
    public List<float[][]> EpochEndWeights { get; } = [];

    public override Tensor forward(Tensor input) => _last.call(_norm.call(_first.call(input)).relu());

    [OnTrainBatchEnd]
    private void Count(int batch)
    {
        if (++_batches == CancelAfterBatches) Cancellation.Cancel();
    }

    [OnEpochEnd]
    private void Record(int epoch) => EpochEndWeights.Add(Support.Data.Weights(this));
}
