using Declarative.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Declarative.Tests.Models;

/// <summary>
/// A classifier with the training throughput in its logs, watched by EarlyStopping (larger is better), written to a
/// CSV, its summary printed at train begin, and backed up; it records the session's counts at each epoch end, and
/// cancels its run after <see cref="CancelAfter"/> training batches.
/// </summary>
[Throughput]
[ModelSummary]
[EarlyStopping(Monitor = "samples_per_second", Patience = 100)]
[CsvLogger("history.csv")]
[BackupAndRestore("backup")]
public partial class ThroughputModel : nn.Module<Tensor, Tensor>
{
    private readonly Linear _layer = nn.Linear(2, 2);
    private TrainingSession? _session;
    private int _batches;

    public ThroughputModel() : base(nameof(ThroughputModel)) => RegisterComponents();

    /// <summary>The batches and samples the session counted for each epoch, at its end.</summary>
    public List<(long Batches, long Samples)> Counted { get; } = [];

    public CancellationTokenSource Cancellation { get; } = new();

    public int CancelAfter { get; set; } = -1;

    public override Tensor forward(Tensor input) => _layer.call(input);

    [OnTrainBegin]
    private void Begin(TrainingSession session) => _session = session;

    [OnTrainBatchEnd]
    private void Batch(int batch)
    {
        if (++_batches == CancelAfter) Cancellation.Cancel();
    }

    [OnEpochEnd]
    private void Count(int epoch, ThroughputModelLogs logs) => Counted.Add((_session!.Throughput!.Batches, _session.Throughput.Samples));
}
