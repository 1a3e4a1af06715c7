using System.Collections.Generic;
using Declarative.Callbacks;
using Declarative.IO;

namespace Declarative.Training;

/// <summary>
/// The contract between <see cref="TrainingDriver{TCallbacks, TLogs}"/> and a model's generated dispatcher: every hook
/// (<see cref="ITrainingHooks{TLogs}"/>), which the generated struct implements by calling the run's callbacks whose
/// types handle it, and their state for backups. The driver is generic over the struct, so the JIT compiles direct calls.
/// </summary>
/// <remarks>Implemented by generated code only.</remarks>
/// <typeparam name="TLogs">The model's generated logs type.</typeparam>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public interface ITrainingCallbacks<TLogs> : ITrainingHooks<TLogs> where TLogs : struct, ITrainingLogs<TLogs>
{
    /// <summary>The model's <c>[BackupAndRestore]</c>, or null; the training loop writes and restores the backups.</summary>
    BackupAndRestore? Backup { get; }

    /// <summary>The callback configuration, one attribute per line; a backup made with another one is not resumed silently.</summary>
    IReadOnlyList<string> Configuration { get; }

    /// <summary>The sections <see cref="SaveState"/> writes, so that a backup lacking one is set aside before it is chosen.</summary>
    IReadOnlyList<string> StateSections { get; }

    /// <summary>Writes every callback's state into a backup, a section each.</summary>
    void SaveState(BackupWriter backup);

    /// <summary>Restores every callback's state from a backup (after <see cref="IOnTrainBegin.OnTrainBegin"/> reset it).</summary>
    void LoadState(BackupReader backup);
}
