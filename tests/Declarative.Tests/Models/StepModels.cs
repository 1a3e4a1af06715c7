using Declarative.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Declarative.Tests.Models;

/// <summary>A model of two inputs, trained with the default step: its batches are (left, right, target).</summary>
[Accuracy]
[CsvLogger("two-inputs.csv")]
public partial class TwoInputModel : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly Linear _left = nn.Linear(2, 4);
    private readonly Linear _right = nn.Linear(2, 4);
    private readonly Linear _out = nn.Linear(8, 2);

    public TwoInputModel() : base(nameof(TwoInputModel)) => RegisterComponents();

    public override Tensor forward(Tensor left, Tensor right) => _out.call(cat([_left.call(left), _right.call(right)], 1));
}

/// <summary>A batch of the user's own.</summary>
public sealed record PairBatch(Tensor Left, Tensor Right, Tensor Label);

/// <summary>
/// The same network with a step of its own over batches of its own type, its gradients clipped and their norm logged,
/// and a metric read from what the step returns.
/// </summary>
[Accuracy]
[ClipGradients(MaxNorm = 0.5, LogNorm = true)]
[EarlyStopping(Monitor = "val_loss", Patience = 5)]
public partial class CustomStepModel : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly Linear _left = nn.Linear(2, 4);
    private readonly Linear _right = nn.Linear(2, 4);
    private readonly Linear _out = nn.Linear(8, 2);

    public CustomStepModel() : base(nameof(CustomStepModel)) => RegisterComponents();

    public int Steps { get; private set; }

    public override Tensor forward(Tensor left, Tensor right) => _out.call(cat([_left.call(left), _right.call(right)], 1));

    [TrainingStep]
    private StepResult Step(PairBatch batch)
    {
        Steps++;
        var output = forward(batch.Left, batch.Right);
        return new StepResult(nn.functional.cross_entropy(output, batch.Label), output, batch.Label);
    }

    [Metric(Direction = MetricDirection.Minimize)]
    private static Tensor Margin(StepResult result) => result.Output!.max(1).values - result.Output.min(1).values;
}

/// <summary>One linear layer trained by SGD on a mean loss, its gradients accumulated over 4 batches.</summary>
[AccumulateGradients(4)]
public partial class AccumulatingModel : nn.Module<Tensor, Tensor>
{
    private readonly Linear _layer = nn.Linear(3, 1);

    public AccumulatingModel() : base(nameof(AccumulatingModel)) => RegisterComponents();

    public override Tensor forward(Tensor input) => _layer.call(input);
}

/// <summary>The same layer without accumulation, for comparison.</summary>
[MeanSquaredError]
public partial class PlainLinearModel : nn.Module<Tensor, Tensor>
{
    private readonly Linear _layer = nn.Linear(3, 1);

    public PlainLinearModel() : base(nameof(PlainLinearModel)) => RegisterComponents();

    public override Tensor forward(Tensor input) => _layer.call(input);
}

/// <summary>One linear layer whose gradients are clipped to a total norm, and whose norm is logged.</summary>
[ClipGradients(MaxNorm = 0.01, LogNorm = true)]
public partial class ClippedModel : nn.Module<Tensor, Tensor>
{
    private readonly Linear _layer = nn.Linear(3, 1);

    public ClippedModel() : base(nameof(ClippedModel)) => RegisterComponents();

    public override Tensor forward(Tensor input) => _layer.call(input);
}

/// <summary>One linear layer whose gradients are clamped element by element, and whose norm before clamping is logged.</summary>
[ClipGradients(MaxValue = 0.01, LogNorm = true)]
public partial class ValueClippedModel : nn.Module<Tensor, Tensor>
{
    private readonly Linear _layer = nn.Linear(3, 1);

    public ValueClippedModel() : base(nameof(ValueClippedModel)) => RegisterComponents();

    public override Tensor forward(Tensor input) => _layer.call(input);
}

/// <summary>What the GAN's step returns: the generator's loss (the model's loss) and the discriminator's.</summary>
public readonly record struct GanResult(Tensor Loss, Tensor DiscriminatorLoss);

/// <summary>
/// A tiny GAN whose step optimizes by hand with two optimizers; the schedule drives only the generator's, and every
/// stateful callback and a batch-level backup are on, so a resumed run must continue exactly.
/// </summary>
[LearningRateScheduler(nameof(Decay), Optimizer = "generator")]
[ModelCheckpoint("gan-{epoch}.bin")]
[CsvLogger("gan.csv")]
[BackupAndRestore("backup", SaveFrequency = 3)]
public partial class GanModel : nn.Module<Tensor, Tensor>
{
    private readonly Sequential _generator = nn.Sequential(nn.Linear(2, 8), nn.ReLU(), nn.Linear(8, 2));
    private readonly Sequential _discriminator = nn.Sequential(nn.Linear(2, 8), nn.ReLU(), nn.Linear(8, 1));

    public GanModel() : base(nameof(GanModel)) => RegisterComponents();

    public Sequential Generator => _generator;

    public Sequential Discriminator => _discriminator;

    /// <summary>The batch (counted over the run) after which <see cref="Cancellation"/> is cancelled; -1 for never.</summary>
    public int CancelAfter { get; set; } = -1;

    public CancellationTokenSource Cancellation { get; } = new();

    private int Batches { get; set; }

    public override Tensor forward(Tensor noise) => _generator.call(noise);

    private static double Decay(int epoch, double learningRate) => learningRate * 0.5;

    [TrainingStep]
    private GanResult Step(Tensor real, optim.Optimizer generator, optim.Optimizer discriminator)
    {
        var noise = randn(real.shape[0], 2);
        var fake = _generator.call(noise);

        discriminator.zero_grad();
        var realScore = _discriminator.call(real);
        var fakeScore = _discriminator.call(fake.detach());
        var discriminatorLoss = nn.functional.binary_cross_entropy_with_logits(realScore, ones_like(realScore))
                                + nn.functional.binary_cross_entropy_with_logits(fakeScore, zeros_like(fakeScore));
        discriminatorLoss.backward();
        discriminator.step();

        generator.zero_grad();
        var score = _discriminator.call(fake);
        var generatorLoss = nn.functional.binary_cross_entropy_with_logits(score, ones_like(score));
        generatorLoss.backward();
        generator.step();
        return new GanResult(generatorLoss, discriminatorLoss);
    }

    [OnTrainBatchEnd]
    private void Count(int batch)
    {
        if (++Batches == CancelAfter) Cancellation.Cancel();
    }

    /// <summary>The optimizer steps this process saw: one per batch, as the step optimizes by hand.</summary>
    public List<long> Steps { get; } = [];

    [OnOptimizerStep]
    private void Stepped(long step) => Steps.Add(step);

    [Metric(Name = "d_loss", Direction = MetricDirection.Minimize)]
    private static Tensor DiscriminatorLoss(GanResult result) => result.DiscriminatorLoss;
}

/// <summary>A model whose step takes a map-style DataLoader's batches as they are.</summary>
[Accuracy]
public partial class DictionaryStepModel : nn.Module<Tensor, Tensor>
{
    private readonly Linear _layer = nn.Linear(2, 2);

    public DictionaryStepModel() : base(nameof(DictionaryStepModel)) => RegisterComponents();

    public override Tensor forward(Tensor input) => _layer.call(input);

    [TrainingStep]
    private StepResult Step(Dictionary<string, Tensor> batch)
    {
        var output = forward(batch["data"]);
        return new StepResult(nn.functional.cross_entropy(output, batch["label"]), output, batch["label"]);
    }
}

/// <summary>A batch that moves itself to a device, counting the moves, so a test can see that Fit moved each batch once.</summary>
public sealed record MovableBatch(Tensor Input, Tensor Label, int Moves = 0)
{
    public MovableBatch To(Device device) => new(Input.to(device), Label.to(device), Moves + 1);
}

/// <summary>A model whose step records how many times each batch it got was moved.</summary>
public partial class MovableStepModel : nn.Module<Tensor, Tensor>
{
    private readonly Linear _layer = nn.Linear(2, 2);

    public MovableStepModel() : base(nameof(MovableStepModel)) => RegisterComponents();

    public List<int> MovesSeen { get; } = [];

    public override Tensor forward(Tensor input) => _layer.call(input);

    [TrainingStep]
    private Tensor Step(MovableBatch batch)
    {
        MovesSeen.Add(batch.Moves);
        return nn.functional.cross_entropy(forward(batch.Input), batch.Label);
    }
}

/// <summary>
/// A step of the model's own that draws noise, its gradients accumulated over 3 batches and clipped, with a backup and
/// every file-writing callback: cancelled mid-group and resumed, it must end exactly as an uninterrupted run.
/// </summary>
[Accuracy]
[AccumulateGradients(3)]
[ClipGradients(MaxNorm = 0.5, LogNorm = true)]
[BackupAndRestore("backup")]
[ModelCheckpoint("checkpoints/m-{epoch}.bin")]
[CsvLogger("history.csv")]
[TensorBoard("tensorboard")]
public partial class ResumableStepModel : nn.Module<Tensor, Tensor>
{
    private readonly Linear _layer = nn.Linear(2, 2);
    private int _batches;

    public ResumableStepModel() : base(nameof(ResumableStepModel)) => RegisterComponents();

    /// <summary>The batch (counted over the run) after which <see cref="Cancellation"/> is cancelled; -1 for never.</summary>
    public int CancelAfter { get; set; } = -1;

    public CancellationTokenSource Cancellation { get; } = new();

    public override Tensor forward(Tensor input) => _layer.call(input);

    [TrainingStep]
    private StepResult Step((Tensor Input, Tensor Label) batch)
    {
        var output = forward(batch.Input + randn_like(batch.Input) * 0.1);
        return new StepResult(nn.functional.cross_entropy(output, batch.Label), output, batch.Label);
    }

    [OnTrainBatchEnd]
    private void Count(int batch)
    {
        Events.Add($"batch {batch}");
        if (++_batches == CancelAfter) Cancellation.Cancel();
    }

    /// <summary>The optimizer steps this process saw (their numbers) and the batch ends, in order.</summary>
    public List<string> Events { get; } = [];

    /// <summary>The optimizer steps this process saw, by number.</summary>
    public IEnumerable<long> Steps => Events.Where(e => e.StartsWith("step", StringComparison.Ordinal)).Select(e => long.Parse(e[5..], System.Globalization.CultureInfo.InvariantCulture));

    [OnOptimizerStep]
    private void Stepped(long step) => Events.Add($"step {step}");
}

/// <summary>A step that forgets to reduce its loss: it returns one loss per sample.</summary>
public partial class PerSampleLossModel : nn.Module<Tensor, Tensor>
{
    private readonly Linear _layer = nn.Linear(2, 2);

    public PerSampleLossModel() : base(nameof(PerSampleLossModel)) => RegisterComponents();

    public override Tensor forward(Tensor input) => _layer.call(input);

    [TrainingStep]
    private Tensor Step((Tensor Input, Tensor Label) batch) => nn.functional.cross_entropy(forward(batch.Input), batch.Label, reduction: nn.Reduction.None);
}

/// <summary>A body and a head, the gradients clipped and their norm logged; a test trains the head only.</summary>
[ClipGradients(MaxNorm = 0.01, LogNorm = true)]
public partial class HeadOnlyModel : nn.Module<Tensor, Tensor>
{
    private readonly Linear _body = nn.Linear(3, 3);
    private readonly Linear _head = nn.Linear(3, 1);

    public HeadOnlyModel() : base(nameof(HeadOnlyModel)) => RegisterComponents();

    public Linear Head => _head;

    public Linear Body => _body;

    public override Tensor forward(Tensor input) => _head.call(_body.call(input));
}

#pragma warning disable DCB0031 // on purpose: the test shows that Fit refuses it too
/// <summary>A model that forgets RegisterComponents(): TorchSharp sees none of its layer's parameters.</summary>
[Accuracy]
public partial class UnregisteredModel : nn.Module<Tensor, Tensor>
{
    private readonly Linear _layer = nn.Linear(2, 2);

    public UnregisteredModel() : base(nameof(UnregisteredModel))
    {
    }

    public Linear Layer => _layer;

    public override Tensor forward(Tensor input) => _layer.call(input);
}
#pragma warning restore DCB0031
