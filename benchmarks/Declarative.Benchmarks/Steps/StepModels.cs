using Declarative.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Declarative.Benchmarks.Steps;

/// <summary>A batch of the two-input workload: two inputs, the label, and a weight per sample.</summary>
public sealed record WeightedPair(Tensor Left, Tensor Right, Tensor Label, Tensor Weight);

/// <summary>
/// A two-input model with a step of its own (a loss weighted per sample), gradient clipping and accuracy: the shape a
/// custom-step Fit serves, compared with the same loop by hand.
/// </summary>
[Accuracy]
[ClipGradients(MaxNorm = 1.0)]
public partial class TwoInputStepModel : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly Linear _left = nn.Linear(8, 64);
    private readonly Linear _right = nn.Linear(8, 64);
    private readonly Linear _output = nn.Linear(128, 3);

    public TwoInputStepModel() : base(nameof(TwoInputStepModel)) => RegisterComponents();

    public override Tensor forward(Tensor left, Tensor right) =>
        _output.call(cat([nn.functional.relu(_left.call(left)), nn.functional.relu(_right.call(right))], 1));

    /// <summary>The step's loss, shared with the hand-written loop so both compute the same thing.</summary>
    public static Tensor WeightedLoss(Tensor output, WeightedPair batch) =>
        (nn.functional.cross_entropy(output, batch.Label, reduction: nn.Reduction.None) * batch.Weight).sum() / batch.Weight.sum();

    [TrainingStep]
    private StepResult Step(WeightedPair batch)
    {
        var output = forward(batch.Left, batch.Right);
        return new StepResult(WeightedLoss(output, batch), output, batch.Label);
    }
}

/// <summary>A model so small that the framework's own work per batch is a large part of the batch: one linear layer.</summary>
[Accuracy]
public partial class TinyModel : nn.Module<Tensor, Tensor>
{
    private readonly Linear _layer = nn.Linear(2, 2);

    public TinyModel() : base(nameof(TinyModel)) => RegisterComponents();

    public override Tensor forward(Tensor input) => _layer.call(input);
}
