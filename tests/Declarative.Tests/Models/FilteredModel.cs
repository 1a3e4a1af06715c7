using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Declarative.Tests.Models;

/// <summary>Hooks and a user callback with event filters, recording when they run.</summary>
[Callback(typeof(FilteredRecorder), EveryEpochs = 2, EveryBatches = 5, FromEpoch = 1)]
public partial class FilteredModel : nn.Module<Tensor, Tensor>
{
    private readonly Linear _layer;
    private int _epoch;

    public FilteredModel() : base(nameof(FilteredModel))
    {
        _layer = nn.Linear(1, 1);
        RegisterComponents();
    }

    public List<int> EveryThirdFromTwo { get; } = [];

    public List<int> FromSeven { get; } = [];

    public List<(int Epoch, int Batch)> EveryFourthBatch { get; } = [];

    public override Tensor forward(Tensor input) => _layer.call(input);

    [OnEpochBegin]
    private void Track(int epoch) => _epoch = epoch;

    [OnEpochEnd(Every = 3, FromEpoch = 2)]
    private void EndsEveryThird(int epoch) => EveryThirdFromTwo.Add(epoch);

    [OnEpochBegin(FromEpoch = 7)]
    private void BeginsLate(int epoch) => FromSeven.Add(epoch);

    [OnTrainBatchEnd(Every = 4)]
    private void EveryFourth(int batch) => EveryFourthBatch.Add((_epoch, batch));
}

public sealed class FilteredRecorder : IOnEpochEnd<FilteredModelLogs>, IOnTrainBatchEnd
{
    public List<int> Epochs { get; } = [];

    public int Batches { get; private set; }

    public void OnEpochEnd(int epoch, in FilteredModelLogs logs) => Epochs.Add(epoch);

    public void OnTrainBatchEnd(int batch) => Batches++;
}
