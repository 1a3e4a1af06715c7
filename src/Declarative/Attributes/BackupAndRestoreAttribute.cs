// Shared by the runtime library and the source generator (linked into both), so it stays netstandard2.0-compatible.
#nullable enable

using System;
using System.Collections.Generic;

namespace Declarative;

/// <summary>
/// Backs up the whole training state so that an interrupted run (a killed process, a reboot, Ctrl+C) resumes where it
/// stopped and makes the same decisions as if it never stopped (Keras's <c>BackupAndRestore</c>, with full state).
/// The callback: <see cref="Callbacks.BackupAndRestore"/>.
/// </summary>
/// <remarks>
/// <para>A backup holds the model's weights, the optimizer's state and learning rates, the position (epoch and batch),
/// every callback's state (EarlyStopping's wait, best value and best weights, ModelCheckpoint's best, ReduceLROnPlateau's
/// counters, the CSV and TensorBoard positions, user callbacks that implement <see cref="IPersistentState"/>), History,
/// the running values of a part-done epoch, and the random generator's state. Unlike Keras, a mid-epoch backup resumes
/// at the next batch, not at the start of the epoch.</para>
/// <para>Each backup is written to a temporary file, then renamed over <c>backup.bin</c>; the one it replaces is kept as
/// <c>backup.previous.bin</c>. A damaged latest backup is detected (checksums) and the previous one used, with a message.
/// The manifest records the callback configuration: resuming with another one fails, saying what changed, unless
/// <see cref="AllowConfigurationChange"/>. The backup is deleted when training ends successfully (completed, or stopped
/// by a callback), never after a failure, divergence or cancellation.</para>
/// </remarks>
/// <example><code>[BackupAndRestore("runs/net/backup")]</code></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class BackupAndRestoreAttribute : Attribute, ICallbackSettings
{
    private int? _saveFrequency;

    /// <summary>Creates the attribute.</summary>
    /// <param name="directory">The folder for the backup files; relative to the current directory.</param>
    public BackupAndRestoreAttribute(string directory) => Directory = directory;

    /// <summary>The folder for the backup files.</summary>
    public string Directory { get; }

    /// <summary>Back up every this many training batches (counted across epochs) instead of at the end of each epoch.</summary>
    public int SaveFrequency
    {
        get => _saveFrequency ?? 0;
        set => _saveFrequency = value;
    }

    /// <summary>Keep the previous backup until a new one is complete and verified (default true).</summary>
    public bool KeepPreviousGeneration { get; set; } = true;

    /// <summary>Delete the backup when training ends successfully (default true, as in Keras).</summary>
    public bool DeleteOnCompletion { get; set; } = true;

    /// <summary>Resume from a backup made with another callback configuration (printing what changed) instead of failing.</summary>
    public bool AllowConfigurationChange { get; set; }

    IEnumerable<Setting?> ICallbackSettings.Settings()
    {
        var defaults = new BackupAndRestoreAttribute(Directory);
        yield return Setting.Positional(nameof(Directory), Directory);
        yield return Setting.IfChanged(nameof(SaveFrequency), _saveFrequency, defaults._saveFrequency);
        yield return Setting.IfChanged(nameof(KeepPreviousGeneration), KeepPreviousGeneration, defaults.KeepPreviousGeneration);
        yield return Setting.IfChanged(nameof(DeleteOnCompletion), DeleteOnCompletion, defaults.DeleteOnCompletion);
        yield return Setting.IfChanged(nameof(AllowConfigurationChange), AllowConfigurationChange, defaults.AllowConfigurationChange);
    }

    IEnumerable<SettingProblem?> ICallbackSettings.Problems()
    {
        yield return SettingProblem.Unless(_saveFrequency is null or >= 1, nameof(SaveFrequency), SaveFrequency, "it is a number of batches ≥ 1; leave it unset to back up at the end of each epoch");
    }
}
