using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Declarative.Tests.Models;

/// <summary>
/// A classifier whose first training batch can hold its run (it says it is there, then waits to be released), so a test
/// can use the model from another thread meanwhile; its epoch hook may evaluate it, nested on the training thread.
/// </summary>
[Accuracy]
public partial class SharedModel : nn.Module<Tensor, Tensor>
{
    private readonly Linear _layer = nn.Linear(2, 2);

    public SharedModel() : base(nameof(SharedModel)) => RegisterComponents();

    public ManualResetEventSlim Holding { get; } = new();

    public ManualResetEventSlim Release { get; } = new(initialState: true);

    /// <summary>Evaluated at each epoch's end when set, on the training thread: the accuracy of each.</summary>
    public (Tensor Inputs, Tensor Targets)? EvaluateAtEpochEnd { get; set; }

    public List<double> Evaluated { get; } = [];

    public override Tensor forward(Tensor input) => _layer.call(input);

    // Only the first batch ever holds: a run on another thread goes through.
    [OnTrainBatchEnd]
    private void Hold(int batch)
    {
        if (Holding.IsSet) return;
        Holding.Set();
        Release.Wait();
    }

    [OnEpochEnd]
    private void EvaluateNow(int epoch)
    {
        if (EvaluateAtEpochEnd is var (inputs, targets)) Evaluated.Add(Evaluate(inputs, targets, nn.CrossEntropyLoss(), progress: ProgressMode.Silent).Accuracy);
    }
}
