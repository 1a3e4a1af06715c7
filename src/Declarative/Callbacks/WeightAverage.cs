using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Declarative.IO;
using TorchSharp;
using static TorchSharp.torch;

namespace Declarative.Callbacks;

/// <summary>
/// An average of a module's weights, kept beside them on their device (PyTorch's <c>AveragedModel</c>): updated from
/// the module's current weights, swapped into the module for a pass and back, copied into it, and saved in backups and
/// checkpoints. The first update copies the weights; later ones average them exponentially or equally.
/// </summary>
/// <remarks>
/// Parameters are always averaged. With <c>averagesBuffers</c>, floating-point buffers (batch-norm statistics) are
/// averaged too and integer ones (batch counts) copied at each update, as Lightning's <c>use_buffers=True</c>; without, buffers
/// are the module's own, as PyTorch's default. Updates and swaps allocate nothing: the module's tensors are read through
/// views taken once, when the average is attached to it (<see cref="Attach"/>).
/// </remarks>
public sealed class WeightAverage : IDisposable
{
    private readonly double? _decay;
    private readonly bool _averagesBuffers;
    private Scalar? _keep;
    private Scalar? _take;
    private Entry[] _entries = [];
    private Tensor[]? _swappedOut;
    private nn.Module? _module;
    private bool _swapped;

    private WeightAverage(double? decay, bool averagesBuffers)
    {
        _decay = decay;
        _averagesBuffers = averagesBuffers;
    }

    /// <summary>
    /// An exponential moving average: each update after the first makes <c>average = decay × average + (1 − decay) × weight</c>;
    /// floating-point buffers are averaged too, integer ones copied.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="decay"/> is not between 0 and 1 (exclusive).</exception>
    public static WeightAverage Exponential(double decay)
    {
        if (!(decay > 0 && decay < 1)) throw new ArgumentOutOfRangeException(nameof(decay), decay, "The decay must be between 0 and 1 (exclusive).");
        return new WeightAverage(decay, averagesBuffers: true);
    }

    /// <summary>An equal average of the parameters at each update (stochastic weight averaging): <c>average += (weight − average) / (n + 1)</c>; buffers stay the module's.</summary>
    public static WeightAverage Equal() => new(decay: null, averagesBuffers: false);

    /// <summary>
    /// Whether a run that ended for <paramref name="reason"/> ends with the averaged weights in the model: one that
    /// completed or that a callback stopped; not one cancelled (a backup resumes it, with the model's own weights) or failed.
    /// </summary>
    internal static bool EndsWithAverage(TrainingEndReason reason) =>
        reason is TrainingEndReason.Completed or TrainingEndReason.Stopped or TrainingEndReason.Diverged;

    /// <summary>How many updates the average holds (0: none yet, and nothing to swap in).</summary>
    public long Count { get; private set; }

    /// <summary>Whether the average is swapped into the module (between <see cref="SwapIn"/> and <see cref="SwapOut"/>).</summary>
    public bool IsSwappedIn => _swapped;

    /// <summary>
    /// Averages <paramref name="module"/>'s weights from now on, forgetting any average held: an average of another module,
    /// or of this one in an earlier run, is not continued (see <see cref="Count"/>).
    /// </summary>
    /// <exception cref="InvalidOperationException">The average is swapped into a module.</exception>
    public void Attach(nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        if (_swapped) throw new InvalidOperationException("The averaged weights are swapped into the module; swap them out first.");
        Release();
        var entries = new List<Entry>();
        var parameters = module.named_parameters().Select(p => p.name).ToHashSet(StringComparer.Ordinal);
        foreach (var (name, live) in module.state_dict())
        {
            var role = parameters.Contains(name) || (_averagesBuffers && live.is_floating_point()) ? Role.Averaged
                : _averagesBuffers ? Role.Copied
                : Role.Module;
            var view = live.detach().DetachFromDisposeScope();
            var average = role == Role.Module ? null : empty_like(live).DetachFromDisposeScope();
            entries.Add(new Entry(name, view, average, role));
        }

        _entries = entries.ToArray();
        _module = module;
        Count = 0;
        if (_decay is double decay)
        {
            _keep = decay;
            _take = 1 - decay;
        }
    }

    /// <summary>Adds the module's current weights to the average (the first update copies them).</summary>
    /// <exception cref="InvalidOperationException">No module is attached, or the average is swapped into it.</exception>
    public void Update()
    {
        RequireAttached();
        if (_swapped) throw new InvalidOperationException("The averaged weights are swapped into the module: update the average from the module's own weights.");
        if (Count == 0 || _decay is not null)
        {
            foreach (var entry in _entries)
            {
                if (entry.Average is not { } average) continue;
                if (Count == 0 || entry.Role == Role.Copied) average.copy_(entry.Live);
                else average.mul_(_keep!).add_(entry.Live, _take!);
            }
        }
        else
        {
            // An equal average, as PyTorch's: average + (weight - average) / (n + 1); once per epoch, so its temporaries do not matter.
            using var scope = NewDisposeScope();
            foreach (var entry in _entries)
            {
                if (entry.Average is { } average) average.add_((entry.Live - average).div_(Count + 1));
            }
        }

        Count++;
    }

    /// <summary>Puts the averaged weights into the module, keeping its own aside until <see cref="SwapOut"/>; nothing happens before the first update.</summary>
    /// <returns>Whether the average was swapped in.</returns>
    /// <exception cref="InvalidOperationException">No module is attached, or the average is swapped in already.</exception>
    public bool SwapIn()
    {
        RequireAttached();
        if (_swapped) throw new InvalidOperationException("The averaged weights are swapped in already.");
        if (Count == 0) return false;
        _swappedOut ??= _entries.Select(e => e.Average is null ? null! : empty_like(e.Live).DetachFromDisposeScope()).ToArray();
        for (var i = 0; i < _entries.Length; i++)
        {
            if (_entries[i].Average is not { } average) continue;
            _swappedOut[i].copy_(_entries[i].Live);
            _entries[i].Live.copy_(average);
        }

        _swapped = true;
        return true;
    }

    /// <summary>Puts the module's own weights back after <see cref="SwapIn"/>, exactly as they were; nothing happens when none is swapped in.</summary>
    public void SwapOut()
    {
        if (!_swapped) return;
        for (var i = 0; i < _entries.Length; i++)
        {
            if (_entries[i].Average is not null) _entries[i].Live.copy_(_swappedOut![i]);
        }

        _swapped = false;
    }

    /// <summary>Replaces the module's weights with the averaged ones for good (the end of training); nothing happens before the first update.</summary>
    /// <returns>Whether the module now holds the average.</returns>
    public bool CopyToModule()
    {
        RequireAttached();
        if (_swapped) throw new InvalidOperationException("The averaged weights are swapped in; swap them out first.");
        if (Count == 0) return false;
        foreach (var entry in _entries)
        {
            if (entry.Average is { } average) entry.Live.copy_(average);
        }

        return true;
    }

    /// <summary>The averaged weights (a buffer the average does not hold: the module's own), as copies on the host, by the module's state names.</summary>
    public Dictionary<string, Tensor> ToStateDictionary()
    {
        RequireAttached();
        var copies = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var entry in _entries) copies[entry.Name] = (entry.Average ?? entry.Live).detach().cpu().clone();
        return copies;
    }

    /// <summary>Writes <see cref="Count"/>, for a backup (the weights go in a section of their own: <see cref="SaveWeights"/>).</summary>
    public void SaveState(BinaryWriter writer) => writer.Write(Count);

    /// <summary>Reads back what <see cref="SaveState"/> wrote.</summary>
    public void LoadState(BinaryReader reader) => Count = reader.ReadInt64();

    /// <summary>
    /// Writes the averaged weights as <c>Module.save</c> writes a module holding them (a buffer the average does not hold:
    /// the module's own), so that a checkpoint's averaged weights load into a model; nothing before the first update.
    /// </summary>
    public void SaveWeights(BinaryWriter writer)
    {
        if (Count == 0 || _module is null) return;
        var weights = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var entry in _entries) weights[entry.Name] = entry.Average ?? entry.Live;
        AveragedWeightsRecord.Write(writer, weights);
    }

    /// <summary>Reads back what <see cref="SaveWeights"/> wrote (after <see cref="Attach"/> to the same kind of module, and <see cref="LoadState"/>).</summary>
    /// <exception cref="InvalidDataException">The saved weights do not fit the module, or are missing though <see cref="Count"/> says there are some.</exception>
    public void LoadWeights(BinaryReader reader)
    {
        RequireAttached();
        if (reader.BaseStream.Length == 0)
        {
            if (Count > 0) throw new InvalidDataException($"The backup records {Count} updates of the averaged weights, but holds none.");
            return;
        }

        var byName = _entries.ToDictionary(e => e.Name, StringComparer.Ordinal);
        var read = 0;
        AveragedWeightsRecord.Read(reader, (name, tensors) =>
        {
            if (!byName.TryGetValue(name, out var entry)) throw new InvalidDataException($"The backup's averaged weights hold '{name}', which the model does not have.");
            read++;
            if (entry.Average is { } average) average.Load(tensors);
            else TensorExtensionMethods.Load(tensors, skip: true).Dispose();
        });
        if (read != _entries.Length) throw new InvalidDataException($"The backup's averaged weights hold {read} tensors, but the model has {_entries.Length}.");
    }

    /// <summary>Frees the averaged copies (the module's weights are untouched).</summary>
    public void Dispose()
    {
        if (_swapped) SwapOut();
        Release();
        _module = null;
        Count = 0;
    }

    private void Release()
    {
        foreach (var entry in _entries)
        {
            entry.Live.Dispose();
            entry.Average?.Dispose();
        }

        foreach (var copy in _swappedOut ?? []) copy?.Dispose();
        _entries = [];
        _swappedOut = null;
        _keep?.Dispose();
        _take?.Dispose();
        _keep = null;
        _take = null;
    }

    private void RequireAttached()
    {
        if (_module is null) throw new InvalidOperationException("No module is attached to the average; call Attach first.");
    }

    private enum Role
    {
        // Averaged at each update (parameters, and floating-point buffers when buffers are averaged).
        Averaged,

        // Copied at each update (integer buffers, when buffers are averaged).
        Copied,

        // Not held: the module's own (buffers, when they are not averaged).
        Module,
    }

    // A tensor of the module: a view of it (the same storage, outside autograd, so updates record no graph), and its average.
    private sealed record Entry(string Name, Tensor Live, Tensor? Average, Role Role);
}
