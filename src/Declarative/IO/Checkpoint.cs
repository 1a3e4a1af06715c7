using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Declarative.IO;

/// <summary>
/// Saves and loads checkpoint files: a module's state in TorchSharp's <c>Module.save</c> format, optionally followed
/// by the optimizer's state (<c>save_state_dict</c> format) and, for a model with weight averaging, by the averaged
/// weights (<see cref="LoadAveragedWeights"/>), then an integrity record (the SHA-256 of the rest, 48 bytes in all). A file begins with what <c>Module.save</c> writes, so it also loads with <c>Module.load</c>, which reads
/// the module part only; <see cref="Load(string, nn.Module, optim.Optimizer?)"/> checks the record first, and refuses
/// a file that was cut short or changed, naming it.
/// </summary>
public static class Checkpoint
{
    /// <summary>Writes a checkpoint atomically (see <see cref="AtomicFile"/>).</summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="module">The module whose parameters and buffers are saved.</param>
    /// <param name="optimizer">The optimizer whose state is saved after the module's, or null for weights only.</param>
    /// <exception cref="NotSupportedException">The optimizer's state cannot be saved (native optimizers such as LBFGS).</exception>
    public static void Save(string path, nn.Module module, optim.Optimizer? optimizer = null) =>
        Save(path, module, optimizer is null ? Array.Empty<optim.Optimizer>() : new[] { optimizer });

    /// <summary>Writes a checkpoint atomically with the state of several optimizers after the module's, in their order.</summary>
    /// <exception cref="NotSupportedException">An optimizer's state cannot be saved (native optimizers such as LBFGS).</exception>
    public static void Save(string path, nn.Module module, IReadOnlyList<optim.Optimizer> optimizers)
    {
        ArgumentNullException.ThrowIfNull(module);
        var managed = optimizers.Select(AsManaged).ToArray();
        AtomicFile.Write(path, file => CheckpointIntegrity.Write(file, stream =>
        {
            using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
            module.save(writer);
            foreach (var optimizer in managed) optimizer.save_state_dict(writer);
        }));
    }

    /// <summary>
    /// Writes the model's and the optimizers' sections of a run's snapshot as a checkpoint file's content (what
    /// <see cref="Save(string, nn.Module, IReadOnlyList{optim.Optimizer})"/> writes for the same state): <c>ModelCheckpoint</c>
    /// captures them on the training thread and writes them through the run's file writer.
    /// </summary>
    /// <param name="stream">Where to write.</param>
    /// <param name="snapshot">The snapshot; its sections are written in its order.</param>
    public static void Write(Stream stream, State.RunSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(snapshot);
        CheckpointIntegrity.Write(stream, content =>
        {
            foreach (var section in snapshot.SectionNames) content.Write(snapshot.Bytes(section).Span);
        });
    }

    /// <summary>Loads a checkpoint into a module (and optimizer, if the file holds its state and one is given), after checking the file's integrity.</summary>
    /// <param name="path">The checkpoint file.</param>
    /// <param name="module">The module to load into; its structure must match the saved one.</param>
    /// <param name="optimizer">The optimizer to load into, or null to load the weights only.</param>
    /// <exception cref="InvalidDataException">The file was cut short or changed since it was written, or an optimizer was given but the file holds no optimizer state.</exception>
    public static void Load(string path, nn.Module module, optim.Optimizer? optimizer = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        using var stream = File.OpenRead(path);
        var content = ModelAndOptimizersEnd(path, stream);
        using var reader = new BinaryReader(stream);
        module.load(reader);
        if (optimizer is null) return;
        if (stream.Position == content)
            throw new InvalidDataException($"'{path}' holds module weights only (saved with SaveWeightsOnly); it has no optimizer state to load.");
        AsManaged(optimizer).load_state_dict(reader);
    }

    /// <summary>
    /// Loads a checkpoint of a run with several optimizers (a step that optimizes by hand) into a module and those
    /// optimizers, in the order the training step takes them.
    /// </summary>
    /// <exception cref="InvalidDataException">The file was cut short or changed since it was written, or it holds no optimizer state, or fewer optimizers' than given.</exception>
    public static void Load(string path, nn.Module module, IReadOnlyList<optim.Optimizer> optimizers)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(optimizers);
        using var stream = File.OpenRead(path);
        var content = ModelAndOptimizersEnd(path, stream);
        using var reader = new BinaryReader(stream);
        module.load(reader);
        for (var i = 0; i < optimizers.Count; i++)
        {
            if (stream.Position == content)
                throw new InvalidDataException($"'{path}' holds the state of {i} optimizers, not {optimizers.Count}: it was saved by a run with {(i == 0 ? "SaveWeightsOnly" : "fewer optimizers")}.");
            AsManaged(optimizers[i]).load_state_dict(reader);
        }
    }

    /// <summary>
    /// Loads the averaged weights a checkpoint of a model with weight averaging holds (<c>[EMAWeightAveraging]</c>,
    /// <c>[StochasticWeightAveraging]</c>) into a module, after checking the file's integrity: the weights validation
    /// measured with <c>[EMAWeightAveraging]</c>, the ones to predict with. <see cref="Load(string, nn.Module, optim.Optimizer?)"/>
    /// and <c>model.load(path)</c> load the model's own (training) weights.
    /// </summary>
    /// <param name="path">The checkpoint file.</param>
    /// <param name="module">The module to load into; its structure must match the saved one.</param>
    /// <exception cref="InvalidDataException">The file was cut short or changed since it was written, or it holds no averaged weights (the model averages none, or the checkpoint was saved before the first update).</exception>
    public static void LoadAveragedWeights(string path, nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        using var stream = File.OpenRead(path);
        var content = CheckpointIntegrity.Verify(path, stream);
        var start = AveragedWeightsRecord.Find(stream, content)
            ?? throw new InvalidDataException($"'{path}' holds no averaged weights: its model averages none, or it was saved before the average's first update. Load its weights with Checkpoint.Load.");
        stream.Position = start;
        using var reader = new BinaryReader(stream);
        module.load(reader);
    }

    // The end of the model's weights and the optimizers' state: before the averaged weights, when the file holds some.
    private static long ModelAndOptimizersEnd(string path, Stream stream)
    {
        var content = CheckpointIntegrity.Verify(path, stream);
        return AveragedWeightsRecord.Find(stream, content) ?? content;
    }

    private static OptimizerHelper AsManaged(optim.Optimizer optimizer) =>
        optimizer as OptimizerHelper ?? throw new NotSupportedException(
            $"{optimizer.GetType().Name} keeps its state in native code, which TorchSharp cannot save; save weights only (SaveWeightsOnly = true).");
}
