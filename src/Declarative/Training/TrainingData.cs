using System;
using System.Collections;
using System.Collections.Generic;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Declarative;

/// <summary>
/// Where <c>Fit</c> takes its batches from: any sequence of the model's batch type (<see cref="From"/>), or tensors split
/// into batches (<see cref="TrainingData.FromTensors(Tensor, Tensor, int, bool)"/> and its overloads for several inputs).
/// </summary>
/// <remarks>
/// The training loop enumerates the batches inside each batch's dispose scope, so batch tensors created while
/// enumerating are freed after the batch; a DataLoader disposes its own batches, as usual.
/// </remarks>
/// <typeparam name="TBatch">One batch, as the model's step takes it.</typeparam>
public abstract class TrainingData<TBatch>
{
    /// <summary>The number of batches one pass yields, when known in advance.</summary>
    public abstract long? BatchCount { get; }

    /// <summary>Starts a pass over the data (one epoch).</summary>
    public abstract IEnumerator<TBatch> GetBatches();

    /// <summary>The batches of a sequence: a list, an iterator, a DataLoader whose batches the model's step takes as they are. Each epoch enumerates it again.</summary>
    public static TrainingData<TBatch> From(IEnumerable<TBatch> batches)
    {
        ArgumentNullException.ThrowIfNull(batches);
        return new Sequence(batches);
    }

    private sealed class Sequence(IEnumerable<TBatch> batches) : TrainingData<TBatch>
    {
        public override long? BatchCount => batches switch
        {
            ICollection<TBatch> collection => collection.Count,
            IReadOnlyCollection<TBatch> collection => collection.Count,
            DataLoader loader => loader.Count,
            IterableDataLoader loader => loader.Count,
            _ => null,
        };

        public override IEnumerator<TBatch> GetBatches() => batches.GetEnumerator();
    }
}

/// <summary>
/// The batches of a model of one input: (input, target) pairs. A TorchSharp <c>DataLoader</c> converts implicitly, as do
/// tensors through <see cref="FromTensors(Tensor, Tensor, int, bool)"/>.
/// </summary>
public abstract class TrainingData : TrainingData<(Tensor Input, Tensor Target)>
{
    /// <summary>Batches of a map-style DataLoader, whose batches are dictionaries: input under "data", target under "label".</summary>
    public static implicit operator TrainingData(DataLoader loader) => From(loader);

    /// <summary>Batches of a list-style DataLoader (e.g. over a <c>TensorDataset(inputs, targets)</c>): input first, target second.</summary>
    public static implicit operator TrainingData(IterableDataLoader loader) => From(loader);

    /// <summary>The (input, target) batches of a sequence: a list, an iterator of the user's own. Each epoch enumerates it again.</summary>
    public static new TrainingData From(IEnumerable<(Tensor Input, Tensor Target)> batches) => new Pairs(TrainingData<(Tensor Input, Tensor Target)>.From(batches));

    /// <summary>Batches of a map-style DataLoader, with the dictionary keys of the input and the target.</summary>
    public static TrainingData From(DataLoader loader, string inputKey = "data", string targetKey = "label")
    {
        ArgumentNullException.ThrowIfNull(loader);
        return new Pairs(Select(loader, batch => (Lookup(batch, inputKey), Lookup(batch, targetKey))));
    }

    /// <summary>Batches of a list-style DataLoader, with the positions of the input and the target in each batch.</summary>
    public static TrainingData From(IterableDataLoader loader, int inputIndex = 0, int targetIndex = 1)
    {
        ArgumentNullException.ThrowIfNull(loader);
        return new Pairs(Select(loader, batch => (batch[inputIndex], batch[targetIndex])));
    }

    /// <summary>
    /// The batches of a sequence, each made into the model's batch type (a DataLoader's lists into a tuple of a
    /// two-input model's inputs and target, say): <c>TrainingData.Select(loader, b =&gt; (b[0], b[1], b[2]))</c>.
    /// </summary>
    public static TrainingData<TBatch> Select<TSource, TBatch>(IEnumerable<TSource> source, Func<TSource, TBatch> select)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(select);
        return new Selected<TSource, TBatch>(TrainingData<TSource>.From(source), select);
    }

    /// <summary>
    /// Splits tensors into batches along their first dimension. With <paramref name="shuffle"/>, each epoch visits the
    /// samples in a new random order drawn from TorchSharp's global generator (seed it with <c>torch.manual_seed</c>).
    /// </summary>
    /// <param name="inputs">The inputs, samples along the first dimension.</param>
    /// <param name="targets">The targets, as many samples as <paramref name="inputs"/>.</param>
    /// <param name="batchSize">Samples per batch; the last batch may be smaller.</param>
    /// <param name="shuffle">Shuffle the samples at every epoch (the default, as Keras's <c>fit</c> does).</param>
    public static TrainingData FromTensors(Tensor inputs, Tensor targets, int batchSize, bool shuffle = true) =>
        new Pairs(new Slices<(Tensor, Tensor)>([inputs, targets], batchSize, shuffle, static t => (t[0], t[1])));

    /// <summary>Splits samples without targets (a GAN's real data, an autoencoder's inputs) into batches (see the overload with targets).</summary>
    public static TrainingData<Tensor> FromTensors(Tensor samples, int batchSize, bool shuffle = true) =>
        new Slices<Tensor>([samples], batchSize, shuffle, static t => t[0]);

    /// <summary>Splits the inputs of a two-input model and its targets into batches (see the one-input overload).</summary>
    public static TrainingData<(Tensor, Tensor, Tensor)> FromTensors(Tensor first, Tensor second, Tensor targets, int batchSize, bool shuffle = true) =>
        new Slices<(Tensor, Tensor, Tensor)>([first, second, targets], batchSize, shuffle, static t => (t[0], t[1], t[2]));

    /// <summary>Splits the inputs of a three-input model and its targets into batches (see the one-input overload).</summary>
    public static TrainingData<(Tensor, Tensor, Tensor, Tensor)> FromTensors(Tensor first, Tensor second, Tensor third, Tensor targets, int batchSize, bool shuffle = true) =>
        new Slices<(Tensor, Tensor, Tensor, Tensor)>([first, second, third, targets], batchSize, shuffle, static t => (t[0], t[1], t[2], t[3]));

    /// <summary>Splits the inputs of a two-input model into batches, in order (what Predict takes).</summary>
    public static TrainingData<(Tensor, Tensor)> FromInputs(Tensor first, Tensor second, int batchSize) =>
        new Slices<(Tensor, Tensor)>([first, second], batchSize, shuffle: false, static t => (t[0], t[1]));

    /// <summary>Splits the inputs of a three-input model into batches, in order (what Predict takes).</summary>
    public static TrainingData<(Tensor, Tensor, Tensor)> FromInputs(Tensor first, Tensor second, Tensor third, int batchSize) =>
        new Slices<(Tensor, Tensor, Tensor)>([first, second, third], batchSize, shuffle: false, static t => (t[0], t[1], t[2]));

    private static TrainingData<TBatch> Select<TSource, TBatch>(DataLoader<TSource, TSource> loader, Func<TSource, TBatch> select) =>
        new Selected<TSource, TBatch>(TrainingData<TSource>.From(loader), select);

    private static Tensor Lookup(Dictionary<string, Tensor> batch, string key) =>
        batch.TryGetValue(key, out var tensor)
            ? tensor
            : throw new KeyNotFoundException($"The DataLoader's batch has no '{key}' entry (it has: {string.Join(", ", batch.Keys)}). Use TrainingData.From(loader, inputKey, targetKey).");

    // (input, target) batches from any source, as the one-input model's TrainingData.
    private sealed class Pairs(TrainingData<(Tensor Input, Tensor Target)> source) : TrainingData
    {
        public override long? BatchCount => source.BatchCount;

        public override IEnumerator<(Tensor Input, Tensor Target)> GetBatches() => source.GetBatches();
    }

    private sealed class Selected<TSource, TBatch>(TrainingData<TSource> source, Func<TSource, TBatch> select) : TrainingData<TBatch>
    {
        public override long? BatchCount => source.BatchCount;

        public override IEnumerator<TBatch> GetBatches() => new Enumerator(source.GetBatches(), select);

        private sealed class Enumerator(IEnumerator<TSource> batches, Func<TSource, TBatch> select) : IEnumerator<TBatch>
        {
            public TBatch Current { get; private set; } = default!;

            object? IEnumerator.Current => Current;

            public bool MoveNext()
            {
                if (!batches.MoveNext()) return false;
                Current = select(batches.Current);
                return true;
            }

            public void Reset() => throw new NotSupportedException();

            public void Dispose() => batches.Dispose();
        }
    }

    // Several tensors cut into batches along their first dimension, in one order drawn per pass.
    private sealed class Slices<TBatch> : TrainingData<TBatch>
    {
        private readonly Tensor[] _tensors;
        private readonly int _batchSize;
        private readonly bool _shuffle;
        private readonly long _samples;
        private readonly Func<Tensor[], TBatch> _assemble;

        public Slices(Tensor[] tensors, int batchSize, bool shuffle, Func<Tensor[], TBatch> assemble)
        {
            foreach (var tensor in tensors) ArgumentNullException.ThrowIfNull(tensor, nameof(tensors));
            if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "The batch size must be at least 1.");
            if (Array.Exists(tensors, t => t.dim() == 0 || t.shape[0] != tensors[0].shape[0]))
                throw new ArgumentException($"Inputs and targets must have the same number of samples along the first dimension ({string.Join(", ", Array.ConvertAll(tensors, t => "[" + string.Join(", ", t.shape) + "]"))}).", nameof(tensors));
            _tensors = tensors;
            _batchSize = batchSize;
            _shuffle = shuffle;
            _samples = tensors[0].shape[0];
            _assemble = assemble;
        }

        public override long? BatchCount => (_samples + _batchSize - 1) / _batchSize;

        public override IEnumerator<TBatch> GetBatches() => new Enumerator(this);

        private sealed class Enumerator : IEnumerator<TBatch>
        {
            private readonly Slices<TBatch> _data;
            private readonly Tensor? _order;
            private readonly Tensor[] _batch;
            private long _next;

            public Enumerator(Slices<TBatch> data)
            {
                _data = data;
                _batch = new Tensor[data._tensors.Length];
                // The permutation lives for the whole pass, outside the per-batch dispose scopes. It is drawn from the CPU
                // generator (the one backups record, so a resumed epoch draws the same order) and moved once to the data.
                if (data._shuffle)
                {
                    var order = randperm(data._samples);
                    var first = data._tensors[0];
                    _order = (first.device_type == TorchSharp.DeviceType.CPU ? order : order.to(first.device, disposeAfter: true)).DetachFromDisposeScope();
                }
            }

            public TBatch Current { get; private set; } = default!;

            object? IEnumerator.Current => Current;

            public bool MoveNext()
            {
                if (_next >= _data._samples) return false;
                var length = Math.Min(_data._batchSize, _data._samples - _next);
                var indices = _order?.narrow(0, _next, length);
                for (var i = 0; i < _batch.Length; i++)
                {
                    var tensor = _data._tensors[i];
                    _batch[i] = indices is null ? tensor.narrow(0, _next, length)
                        : tensor.index_select(0, SameDevice(indices, tensor) ? indices : indices.to(tensor.device));
                }

                Current = _data._assemble(_batch);
                _next += length;
                return true;
            }

            public void Reset() => throw new NotSupportedException();

            public void Dispose() => _order?.Dispose();

            // device_type and device_index, not device, which makes a new Device object at each call.
            private static bool SameDevice(Tensor a, Tensor b) => a.device_type == b.device_type && a.device_index == b.device_index;
        }
    }
}
