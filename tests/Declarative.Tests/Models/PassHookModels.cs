using Declarative.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Declarative.Tests.Models;

/// <summary>
/// Records every test and predict hook, from a user callback and from typed hook methods, in the order they run, with
/// the train hooks around them, so that a test can check the order Fit, Evaluate and Predict call them in.
/// </summary>
[Accuracy]
[Callback(typeof(PassRecorder<>))]
public partial class PassHookModel : nn.Module<Tensor, Tensor>
{
    private readonly Linear _layer = nn.Linear(2, 2);

    public PassHookModel() : base(nameof(PassHookModel)) => RegisterComponents();

    public List<string> Events { get; } = [];

    /// <summary>Cancelled at the end of the first validation batch, when <see cref="CancelInValidation"/>.</summary>
    public CancellationTokenSource Cancellation { get; } = new();

    public bool CancelInValidation { get; init; }

    public override Tensor forward(Tensor input) => _layer.call(input);

    [OnEpochEnd]
    private void EpochEnded(int epoch, PassHookModelLogs logs) => Events.Add($"epoch end {epoch} val_loss {logs.ValLoss:F6}");

    [OnTestBegin]
    private void TestBegins() => Events.Add("test begin");

    [OnTestBatchEnd]
    private void TestBatchEnds(int batch)
    {
        Events.Add($"test batch end {batch}");
        if (CancelInValidation) Cancellation.Cancel();
    }

    [OnTestEnd]
    private void TestEnds(PassHookModelLogs logs) => Events.Add($"test end loss {logs.Loss:F6}");

    [OnPredictBegin]
    private void PredictBegins() => Events.Add("predict begin");

    [OnPredictBatchEnd]
    private void PredictBatchEnds(int batch) => Events.Add($"predict batch end {batch}");

    [OnPredictEnd]
    private void PredictEnds() => Events.Add("predict end");
}

/// <summary>A user callback with every pass, test and predict hook, and the interruption; it writes to its model's event list.</summary>
public sealed class PassRecorder<TLogs> : IOnTrainBegin, IOnPassBegin, IOnTestBegin, IOnTestBatchBegin, IOnTestBatchEnd, IOnTestEnd<TLogs>,
    IOnPredictBegin, IOnPredictBatchBegin, IOnPredictBatchEnd, IOnPredictEnd, IOnPassEnd, IOnTrainInterrupted
    where TLogs : struct, ITrainingLogs<TLogs>
{
    public static List<string> Events { get; } = [];

    public void OnTrainBegin(TrainingSession session) => Events.Add("train begin");

    public void OnPassBegin() => Events.Add("pass begin");

    public void OnPassEnd() => Events.Add("pass end");

    public void OnTrainInterrupted(TrainingEnd end) => Events.Add("train interrupted");

    public void OnTestBegin() => Events.Add("test begin");

    public void OnTestBatchBegin(int batch) => Events.Add($"test batch begin {batch}");

    public void OnTestBatchEnd(int batch) => Events.Add($"test batch end {batch}");

    public void OnTestEnd(in TLogs logs) => Events.Add($"test end loss {(logs.TryGetValue("loss", out var loss) ? loss : double.NaN):F6}");

    public void OnPredictBegin() => Events.Add("predict begin");

    public void OnPredictBatchBegin(int batch) => Events.Add($"predict batch begin {batch}");

    public void OnPredictBatchEnd(int batch) => Events.Add($"predict batch end {batch}");

    public void OnPredictEnd() => Events.Add("predict end");
}
