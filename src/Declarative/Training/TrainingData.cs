using System;
using System.Collections;
using System.Collections.Generic;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Declarative;

/// <summary>
/// Where <c>Fit</c> takes its batches from: a TorchSharp <c>DataLoader</c> (converted implicitly), or tensors split
/// into batches (<see cref="FromTensors"/>). Each batch is an (input, target) pair.
/// </summary>
/// <remarks>
/// The training loop enumerates the batches inside each batch's dispose scope, so batch tensors created while
/// enumerating are freed after the batch; a DataLoader disposes its own batches, as usual.
/// </remarks>
public abstract class TrainingData
{
    /// <summary>The number of batches one pass yields, when known in advance.</summary>
    public abstract long? BatchCount { get; }

    /// <summary>Starts a pass over the data (one epoch).</summary>
    public abstract IEnumerator<(Tensor Input, Tensor Target)> GetBatches();

    /// <summary>Batches of a map-style DataLoader, whose batches are dictionaries: input under "data", target under "label".</summary>
    public static implicit operator TrainingData(DataLoader loader) => From(loader);

    /// <summary>Batches of a list-style DataLoader (e.g. over a <c>TensorDataset(inputs, targets)</c>): input first, target second.</summary>
    public static implicit operator TrainingData(IterableDataLoader loader) => From(loader);

    /// <summary>Batches of a map-style DataLoader, with the dictionary keys of the input and the target.</summary>
    public static TrainingData From(DataLoader loader, string inputKey = "data", string targetKey = "label")
    {
        ArgumentNullException.ThrowIfNull(loader);
        return new LoaderData<Dictionary<string, Tensor>, Dictionary<string, Tensor>>(loader, batch =>
            (Lookup(batch, inputKey), Lookup(batch, targetKey)));
    }

    /// <summary>Batches of a list-style DataLoader, with the positions of the input and the target in each batch.</summary>
    public static TrainingData From(IterableDataLoader loader, int inputIndex = 0, int targetIndex = 1)
    {
        ArgumentNullException.ThrowIfNull(loader);
        return new LoaderData<IList<Tensor>, IList<Tensor>>(loader, batch => (batch[inputIndex], batch[targetIndex]));
    }

    /// <summary>
    /// Splits tensors into batches along their first dimension. With <paramref name="shuffle"/>, each epoch visits the
    /// samples in a new random order drawn from TorchSharp's global generator (seed it with <c>torch.manual_seed</c>).
    /// </summary>
    /// <param name="inputs">The inputs, samples along the first dimension.</param>
    /// <param name="targets">The targets, as many samples as <paramref name="inputs"/>.</param>
    /// <param name="batchSize">Samples per batch; the last batch may be smaller.</param>
    /// <param name="shuffle">Shuffle the samples at every epoch (the default, as Keras's <c>fit</c> does).</param>
    public static TrainingData FromTensors(Tensor inputs, Tensor targets, int batchSize, bool shuffle = true)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "The batch size must be at least 1.");
        if (inputs.dim() == 0 || targets.dim() == 0 || inputs.shape[0] != targets.shape[0])
            throw new ArgumentException($"Inputs and targets must have the same number of samples along the first dimension (inputs: [{string.Join(", ", inputs.shape)}], targets: [{string.Join(", ", targets.shape)}]).", nameof(targets));
        return new TensorData(inputs, targets, batchSize, shuffle);
    }

    private static Tensor Lookup(Dictionary<string, Tensor> batch, string key) =>
        batch.TryGetValue(key, out var tensor)
            ? tensor
            : throw new KeyNotFoundException($"The DataLoader's batch has no '{key}' entry (it has: {string.Join(", ", batch.Keys)}). Use TrainingData.From(loader, inputKey, targetKey).");

    private sealed class LoaderData<T, TBatch> : TrainingData
    {
        private readonly DataLoader<T, TBatch> _loader;
        private readonly Func<TBatch, (Tensor, Tensor)> _split;

        public LoaderData(DataLoader<T, TBatch> loader, Func<TBatch, (Tensor, Tensor)> split)
        {
            _loader = loader;
            _split = split;
        }

        public override long? BatchCount => _loader.Count;

        public override IEnumerator<(Tensor Input, Tensor Target)> GetBatches() => new Enumerator(_loader.GetEnumerator(), _split);

        private sealed class Enumerator(IEnumerator<TBatch> batches, Func<TBatch, (Tensor, Tensor)> split) : IEnumerator<(Tensor Input, Tensor Target)>
        {
            public (Tensor Input, Tensor Target) Current { get; private set; }

            object IEnumerator.Current => Current;

            public bool MoveNext()
            {
                if (!batches.MoveNext()) return false;
                Current = split(batches.Current);
                return true;
            }

            public void Reset() => throw new NotSupportedException();

            public void Dispose() => batches.Dispose();
        }
    }

    private sealed class TensorData : TrainingData
    {
        private readonly Tensor _inputs;
        private readonly Tensor _targets;
        private readonly int _batchSize;
        private readonly bool _shuffle;
        private readonly long _samples;
        private readonly bool _sameDevice;

        public TensorData(Tensor inputs, Tensor targets, int batchSize, bool shuffle)
        {
            _inputs = inputs;
            _targets = targets;
            _batchSize = batchSize;
            _shuffle = shuffle;
            _samples = inputs.shape[0];
            _sameDevice = inputs.device.type == targets.device.type && inputs.device.index == targets.device.index;
        }

        public override long? BatchCount => (_samples + _batchSize - 1) / _batchSize;

        public override IEnumerator<(Tensor Input, Tensor Target)> GetBatches() => new Enumerator(this);

        private sealed class Enumerator : IEnumerator<(Tensor Input, Tensor Target)>
        {
            private readonly TensorData _data;
            private readonly Tensor? _order;
            private long _next;

            public Enumerator(TensorData data)
            {
                _data = data;
                // The permutation lives for the whole pass, outside the per-batch dispose scopes.
                _order = data._shuffle ? randperm(data._samples, device: data._inputs.device).DetachFromDisposeScope() : null;
            }

            public (Tensor Input, Tensor Target) Current { get; private set; }

            object IEnumerator.Current => Current;

            public bool MoveNext()
            {
                if (_next >= _data._samples) return false;
                var length = Math.Min(_data._batchSize, _data._samples - _next);
                if (_order is null)
                {
                    Current = (_data._inputs.narrow(0, _next, length), _data._targets.narrow(0, _next, length));
                }
                else
                {
                    var indices = _order.narrow(0, _next, length);
                    Current = (_data._inputs.index_select(0, indices), _data._targets.index_select(0, _data._sameDevice ? indices : indices.to(_data._targets.device)));
                }

                _next += length;
                return true;
            }

            public void Reset() => throw new NotSupportedException();

            public void Dispose() => _order?.Dispose();
        }
    }
}
