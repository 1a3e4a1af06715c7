using Declarative.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Declarative.Tests.Models;

/// <summary>
/// A classifier with buffers (batch norm's running statistics) and dropout (which draws random numbers), and every
/// callback that writes a file or stops a run, plus a hook method: what the learning-rate finder must put back exactly
/// and must keep from acting.
/// </summary>
[ModelCheckpoint("checkpoints/{epoch}.bin")]
[CsvLogger("history.csv")]
[TensorBoard("tensorboard")]
[BackupAndRestore("backup")]
[EarlyStopping(Monitor = "loss", Patience = 0)]
public partial class FinderModel : nn.Module<Tensor, Tensor>
{
    private readonly Sequential _layers = nn.Sequential(nn.Linear(2, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Dropout(0.2), nn.Linear(8, 2));

    public FinderModel() : base(nameof(FinderModel)) => RegisterComponents();

    /// <summary>The training batches whose end hook ran.</summary>
    public int HookedBatches { get; private set; }

    public override Tensor forward(Tensor input) => _layers.call(input);

    [OnTrainBatchEnd]
    private void Count(int batch) => HookedBatches++;
}

/// <summary>
/// One linear layer with a step of its own, its gradients accumulated over 2 batches and clipped: the step records the
/// learning rate of <see cref="Watched"/> at each batch it trains.
/// </summary>
[AccumulateGradients(2)]
[ClipGradients(MaxNorm = 1.0)]
public partial class AccumulatingFinderModel : nn.Module<Tensor, Tensor>
{
    private readonly Linear _layer = nn.Linear(2, 2);

    public AccumulatingFinderModel() : base(nameof(AccumulatingFinderModel)) => RegisterComponents();

    public optim.Optimizer? Watched { get; set; }

    public List<double> RatesSeen { get; } = [];

    public override Tensor forward(Tensor input) => _layer.call(input);

    [TrainingStep]
    private Tensor Step((Tensor Input, Tensor Target) batch)
    {
        RatesSeen.Add(Watched!.ParamGroups.First().LearningRate);
        return nn.functional.cross_entropy(forward(batch.Input), batch.Target);
    }
}

/// <summary>One linear layer whose step optimizes by hand with one optimizer, recording the rate it stepped at.</summary>
public partial class ManualFinderModel : nn.Module<Tensor, Tensor>
{
    private readonly Linear _layer = nn.Linear(2, 2);

    public ManualFinderModel() : base(nameof(ManualFinderModel)) => RegisterComponents();

    public List<double> RatesSeen { get; } = [];

    public override Tensor forward(Tensor input) => _layer.call(input);

    [TrainingStep]
    private Tensor Step((Tensor Input, Tensor Target) batch, optim.Optimizer optimizer)
    {
        optimizer.zero_grad();
        var loss = nn.functional.cross_entropy(forward(batch.Input), batch.Target);
        loss.backward();
        RatesSeen.Add(optimizer.ParamGroups.First().LearningRate);
        optimizer.step();
        return loss;
    }
}
