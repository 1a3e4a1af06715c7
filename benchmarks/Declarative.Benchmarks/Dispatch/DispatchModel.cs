using System.Runtime.CompilerServices;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Declarative.Benchmarks.Dispatch;

/// <summary>
/// The seed callbacks whose work at an event is a decision rather than a file write (the writers' cost is the same
/// in every design; the training benchmark includes them), and two typed hooks.
/// </summary>
[Accuracy]
[EarlyStopping(Monitor = "val_loss", Patience = 1_000_000)]
[ModelCheckpoint("checkpoints/best.bin", Monitor = "val_loss", SaveBestOnly = true)]
[LearningRateScheduler(nameof(Schedule))]
public sealed partial class DispatchModel : nn.Module<Tensor, Tensor>
{
    private readonly Linear _layer = nn.Linear(4, 3);

    public DispatchModel() : base(nameof(DispatchModel)) => RegisterComponents();

    /// <summary>Batches the batch hook has seen.</summary>
    public long BatchesSeen { get; private set; }

    /// <summary>The validation accuracy the epoch hook saw last.</summary>
    public double LastValAccuracy { get; private set; }

    public override Tensor forward(Tensor input) => _layer.call(input);

    /// <summary>Inverse-time decay: bounded, so millions of calls never reach denormal numbers.</summary>
    internal static double Schedule(int epoch, double learningRate) => 0.1 / (1 + 0.01 * epoch);

    // Not inlined, as a hook of any real size would not be: what is left to measure is the cost of reaching it.
    [OnTrainBatchEnd]
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal void CountBatch(int batch) => BatchesSeen++;

    [OnEpochEnd]
    internal void Record(int epoch, DispatchModelLogs logs) => Remember(logs.ValAccuracy ?? double.NaN);

    /// <summary>What the epoch hook does, callable without a logs record (by the hand-written and runtime-composed designs).</summary>
    internal void Remember(double valAccuracy) => LastValAccuracy = valAccuracy;
}
