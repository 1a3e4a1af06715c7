using Declarative;
using Declarative.Training;
using static TorchSharp.torch;

namespace Classifier;

/// <summary>
/// A user-defined callback: it implements only the hooks it needs, and the generated dispatcher calls exactly those.
/// After sampled batches (the attribute's EveryBatches), it measures the global gradient norm (the optimizer step has
/// run, the gradients are still there), and when training ends it prints how the norm evolved, epoch by epoch. Its
/// values go into the model's backups (IPersistentState), so a resumed run prints the same series as an uninterrupted one.
/// </summary>
public sealed class GradientNormLogger : IOnTrainBegin, IOnEpochBegin, IOnTrainBatchEnd, IOnTrainEnd, IPersistentState
{
    private readonly List<double> _epochMeans = [];
    private readonly List<double> _current = [];
    private TrainingSession? _session;

    /// <summary>The mean sampled gradient norm of each epoch.</summary>
    public IReadOnlyList<double> EpochMeans => _epochMeans;

    public void OnTrainBegin(TrainingSession session)
    {
        _session = session;
        _epochMeans.Clear();
        _current.Clear();
    }

    public void OnEpochBegin(int epoch)
    {
        if (_current.Count > 0) _epochMeans.Add(_current.Average());
        _current.Clear();
    }

    public void OnTrainBatchEnd(int batch)
    {
        // Runs inside the batch's dispose scope, so the tensors made here are freed with the batch.
        var squares = _session!.Model.parameters().Where(p => p.grad is not null).Select(p => p.grad!.square().sum()).ToList();
        if (squares.Count > 0) _current.Add(stack(squares).sum().sqrt().item<float>());
    }

    public void OnTrainEnd(TrainingEnd end)
    {
        if (_current.Count > 0) _epochMeans.Add(_current.Average());
        if (_epochMeans.Count == 0) return;
        var shown = string.Join(", ", _epochMeans.Select(n => n.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)));
        _session!.Output.WriteLine($"Gradient norm, mean of sampled batches per epoch: {shown}");
    }

    public void SaveState(BinaryWriter writer)
    {
        foreach (var values in new[] { _epochMeans, _current })
        {
            writer.Write(values.Count);
            foreach (var value in values) writer.Write(value);
        }
    }

    public void LoadState(BinaryReader reader)
    {
        foreach (var values in new[] { _epochMeans, _current })
        {
            values.Clear();
            for (var count = reader.ReadInt32(); count > 0; count--) values.Add(reader.ReadDouble());
        }
    }
}
