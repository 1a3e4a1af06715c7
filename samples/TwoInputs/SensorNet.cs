using Declarative;
using Declarative.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TwoInputs;

/// <summary>
/// A model of two inputs (the signal and its context), trained by a step of its own because its loss needs more than
/// (output, target): each sample weighs by the annotator's confidence. Its gradients are clipped, and their norm logged.
/// </summary>
[Accuracy]
[ClipGradients(MaxNorm = 0.5, LogNorm = true)]
[EarlyStopping(Monitor = "val_loss", Patience = 4, RestoreBestWeights = true)]
[CsvLogger("runs/two-inputs/history.csv")]
public partial class SensorNet : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly Linear _signal = nn.Linear(16, 32);
    private readonly Linear _context = nn.Linear(4, 32);
    private readonly Linear _hidden = nn.Linear(64, 32);
    private readonly Linear _output = nn.Linear(32, 4);

    public SensorNet() : base(nameof(SensorNet)) => RegisterComponents();

    public override Tensor forward(Tensor signal, Tensor context)
    {
        var features = cat([nn.functional.relu(_signal.call(signal)), nn.functional.relu(_context.call(context))], 1);
        return _output.call(nn.functional.relu(_hidden.call(features)));
    }

    // The loop runs backward on the loss, clips, and steps the optimizer; the output and the label feed [Accuracy].
    [TrainingStep]
    private StepResult Step(Readings batch)
    {
        var output = forward(batch.Signal, batch.Context);
        var losses = nn.functional.cross_entropy(output, batch.Label, reduction: nn.Reduction.None);
        var loss = (losses * batch.Confidence).sum() / batch.Confidence.sum();
        return new StepResult(loss, output, batch.Label);
    }
}
