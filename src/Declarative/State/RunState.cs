using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Declarative.IO;
using Declarative.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Declarative.State;

/// <summary>
/// The whole state of one run, as named sections: the model's weights, every optimizer's state, History, the loop's
/// position, its data order and random generators and step counters, and each callback's state. It is captured into a
/// <see cref="RunSnapshot"/> in memory and restored from one: <c>BackupAndRestore</c> writes snapshots as backup files
/// and resumes from them, <c>ModelCheckpoint</c> writes the model's and the optimizers' sections (and averaged weights)
/// as checkpoint files.
/// </summary>
/// <remarks>
/// The run's own sections are required in every snapshot restored; a callback's section may be missing only when the
/// callback configuration changed (a callback added to the model starts fresh). The session's section (position,
/// running values, counters, random generators) is restored last, after everything that could draw random numbers.
/// </remarks>
public sealed class RunState
{
    /// <summary>The section of the model's weights: the bytes <c>Module.save</c> writes.</summary>
    public const string ModelSection = "model";

    /// <summary>The section of the run's position, running values, counters and random generators.</summary>
    public const string SessionSection = "training";

    private readonly TrainingSession _session;
    private readonly List<Section> _sections = [];
    private readonly ConcurrentDictionary<string, int> _sectionSizes = new(StringComparer.Ordinal);
    private readonly TensorCopyPool _modelCopies = new();
    private readonly List<IPersistentWeights> _weightKeepers = [];

    internal RunState(TrainingSession session)
    {
        _session = session;
        // With saves in the background, the model's weights are copied when captured and serialized when written (see
        // SectionWriter.WriteTensors), so a save costs the training thread one memory copy; the bytes are Module.save's.
        Add(ModelSection, SectionKind.Run, writer => session.Model.save(writer), reader => session.Model.load(reader), () => session.Model.state_dict());
        for (var i = 0; i < session.Optimizers.Count; i++)
        {
            var (optimizer, name) = (session.Optimizers[i], session.OptimizerNames[i]);
            Add(OptimizerSection(i, name), SectionKind.Run, writer => Managed(optimizer, name).save_state_dict(writer), reader => LoadOptimizer(Managed(optimizer, name), reader));
        }
    }

    /// <summary>The sections of this run, in the order they are captured.</summary>
    public IReadOnlyList<string> Sections => _sections.Select(s => s.Name).Append(SessionSection).ToArray();

    /// <summary>
    /// The sections a checkpoint holds, in the order its file holds them: the model's weights, every optimizer's state, then
    /// the weights callbacks keep beside the model's (a weight average: <see cref="IPersistentWeights"/>).
    /// </summary>
    public IReadOnlyList<string> ModelAndOptimizers =>
        _sections.Where(s => (s.Kind == SectionKind.Run && IsModelOrOptimizer(s.Name)) || s.Kind == SectionKind.CallbackWeights).Select(s => s.Name).ToArray();

    /// <summary>The sections a checkpoint of weights only holds: the model's weights, then the weights callbacks keep beside them.</summary>
    public IReadOnlyList<string> Weights =>
        _sections.Where(s => s.Name == ModelSection || s.Kind == SectionKind.CallbackWeights).Select(s => s.Name).ToArray();

    /// <summary>The section of a run's <paramref name="index"/>-th optimizer: <c>optimizer</c> for the first, as with one; <c>optimizer:critic</c> for another.</summary>
    public static string OptimizerSection(int index, string name) => index == 0 ? "optimizer" : "optimizer:" + name;

    /// <summary>
    /// Adds a callback's state, in a section of its own (its property on the model's callbacks); a callback that keeps
    /// weights beside the model's (<see cref="IPersistentWeights"/>) gets a second one for them,
    /// <see cref="WeightsSection"/>, which checkpoints hold too.
    /// </summary>
    /// <exception cref="ArgumentException">The run already has a section of that name.</exception>
    public void Add(string section, IPersistentState callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        Add(section, SectionKind.Callback, callback.SaveState, callback.LoadState);
        if (callback is not IPersistentWeights weights) return;
        Add(WeightsSection(section), SectionKind.CallbackWeights, weights.SaveWeights, weights.LoadWeights);
        _weightKeepers.Add(weights);
    }

    /// <summary>The callbacks that keep weights beside the model's (a weight average), in the order they were added.</summary>
    internal IReadOnlyList<IPersistentWeights> WeightKeepers => _weightKeepers;

    /// <summary>The section of the weights a callback keeps beside the model's: <c>EMAWeightAveraging:weights</c>.</summary>
    public static string WeightsSection(string section) => section + ":weights";

    /// <summary>Adds a part of the training loop's own state; <paramref name="optional"/> when a loop of the user's has none.</summary>
    internal void AddRun(string section, Action<BinaryWriter> save, Action<BinaryReader> load, bool optional = false) =>
        Add(section, optional ? SectionKind.Optional : SectionKind.Run, save, load);

    /// <summary>Captures every section at the run's current position, in memory (inside a dispose scope of its own).</summary>
    public RunSnapshot Capture() => Capture(Sections);

    /// <summary>Captures the named sections only (a checkpoint's model and optimizers).</summary>
    public RunSnapshot Capture(IEnumerable<string> sections)
    {
        var wanted = sections.ToHashSet(StringComparer.Ordinal);
        var position = _session.Position;
        using var scope = NewDisposeScope();
        return RunSnapshot.Create(new BackupManifest(position.Epoch, position.Batch, _session.Configuration), writer =>
        {
            foreach (var section in _sections.Where(s => wanted.Contains(s.Name)))
            {
                if (section.Tensors is { } tensors && _session.Files is BackgroundFileWriter) writer.WriteTensors(section.Name, tensors(), _modelCopies);
                else writer.Write(section.Name, section.Save);
            }

            if (wanted.Contains(SessionSection)) writer.Write(SessionSection, _session.SaveState);
        }, _sectionSizes);
    }

    /// <summary>
    /// The sections this run needs that <paramref name="snapshot"/> lacks: every one of the run's own, and every
    /// callback's unless the callback configuration changed (then a callback it lacks starts fresh).
    /// </summary>
    public IReadOnlyList<string> MissingFrom(RunSnapshot snapshot, bool configurationChanged) =>
        _sections.Where(s => s.Kind == SectionKind.Run || ((s.Kind is SectionKind.Callback or SectionKind.CallbackWeights) && !configurationChanged)).Select(s => s.Name)
            .Append(SessionSection)
            .Where(name => !snapshot.Has(name))
            .ToArray();

    /// <summary>
    /// Restores the run from <paramref name="snapshot"/>: every section it has, after the callbacks' train begin reset
    /// them, then the session's (the position to resume at, the random generators).
    /// </summary>
    /// <exception cref="InvalidDataException">A section the run needs is missing, or does not read as this run's.</exception>
    public void Restore(RunSnapshot snapshot, bool configurationChanged = false)
    {
        if (MissingFrom(snapshot, configurationChanged).FirstOrDefault() is { } missing)
            throw new InvalidDataException($"The backup has no '{missing}' section.");
        foreach (var section in _sections.Where(s => snapshot.Has(s.Name))) snapshot.Read(section.Name, section.Load);
        snapshot.Read(SessionSection, _session.LoadState);
        _session.Resume(snapshot.Manifest);
    }

    /// <summary>Frees the copies of the model's weights kept for the next snapshot (at the run's end).</summary>
    internal void FreeCopies() => _modelCopies.Dispose();

    private void Add(string name, SectionKind kind, Action<BinaryWriter> save, Action<BinaryReader> load, Func<IReadOnlyDictionary<string, Tensor>>? tensors = null)
    {
        if (name == SessionSection || _sections.Any(s => s.Name == name)) throw new ArgumentException($"The run already has a state section '{name}'.", nameof(name));
        _sections.Add(new Section(name, kind, save, load, tensors));
    }

    private static bool IsModelOrOptimizer(string section) => section == ModelSection || section == "optimizer" || section.StartsWith("optimizer:", StringComparison.Ordinal);

    private static OptimizerHelper Managed(optim.Optimizer optimizer, string name) =>
        optimizer as OptimizerHelper ?? throw new NotSupportedException(
            $"The optimizer '{name}' ({optimizer.GetType().Name}) keeps its state in native code that TorchSharp cannot save. Use an optimizer from torch.optim such as Adam or SGD.");

    // An optimizer creates some of its state when it loads it (SGD's momentum buffers, RMSprop's averages) in whatever
    // dispose scope is open, which would free them when it closes: they belong to the optimizer.
    private static void LoadOptimizer(OptimizerHelper optimizer, BinaryReader reader)
    {
        using var scope = NewDisposeScope();
        optimizer.load_state_dict(reader);
        scope.Detach(scope.DisposablesView);
    }

    private enum SectionKind
    {
        Run,
        Optional,
        Callback,

        // A callback's weights beside the model's, which checkpoints hold too.
        CallbackWeights,
    }

    // Tensors: a section that is a state dictionary, copied when captured and serialized (as Save would) when written.
    private sealed record Section(string Name, SectionKind Kind, Action<BinaryWriter> Save, Action<BinaryReader> Load, Func<IReadOnlyDictionary<string, Tensor>>? Tensors);
}
