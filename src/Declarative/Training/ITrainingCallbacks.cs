using System.Collections.Generic;
using Declarative.Callbacks;
using Declarative.IO;

namespace Declarative.Training;

/// <summary>
/// The contract between <see cref="TrainingDriver{TCallbacks, TLogs}"/> and a model's generated dispatcher: the hooks,
/// which the generated struct implements by calling exactly the callbacks configured on the model, and their state for
/// backups. The driver is generic over the struct, so the JIT compiles direct calls.
/// </summary>
/// <typeparam name="TLogs">The model's generated logs type.</typeparam>
public interface ITrainingCallbacks<TLogs> where TLogs : struct, ITrainingLogs<TLogs>
{
    /// <summary>Before the first epoch: reset per-run state and check what only the run can know (validation data, folders).</summary>
    void OnTrainBegin(TrainingSession session);

    /// <summary>Before each epoch's first batch.</summary>
    void OnEpochBegin(int epoch);

    /// <summary>Before each training batch (0-based within the epoch).</summary>
    void OnTrainBatchBegin(int batch);

    /// <summary>After each training batch's optimizer step; running values are read only if a callback asks for them.</summary>
    void OnTrainBatchEnd(int batch);

    /// <summary>After the epoch's training and validation passes.</summary>
    void OnEpochEnd(int epoch, in TLogs logs);

    /// <summary>When training ends, for whatever reason (also after a failure, before the exception propagates).</summary>
    void OnTrainEnd(TrainingEnd end);

    /// <summary>A validation pass (in Fit) or an evaluation (Evaluate) begins.</summary>
    void OnTestBegin();

    /// <summary>A batch of that pass begins (0-based within the pass).</summary>
    void OnTestBatchBegin(int batch);

    /// <summary>A batch of that pass ended.</summary>
    void OnTestBatchEnd(int batch);

    /// <summary>The pass ended, with its values in the un-prefixed members (<c>Loss</c>, as Evaluate returns them).</summary>
    void OnTestEnd(in TLogs logs);

    /// <summary>A prediction (Predict) begins.</summary>
    void OnPredictBegin();

    /// <summary>A batch of the prediction begins (0-based).</summary>
    void OnPredictBatchBegin(int batch);

    /// <summary>A batch of the prediction ended.</summary>
    void OnPredictBatchEnd(int batch);

    /// <summary>The prediction ended.</summary>
    void OnPredictEnd();

    /// <summary>The model's <c>[BackupAndRestore]</c>, or null; the training loop writes and restores the backups.</summary>
    BackupAndRestore? Backup { get; }

    /// <summary>The callback configuration, one attribute per line; a backup made with another one is not resumed silently.</summary>
    IReadOnlyList<string> Configuration { get; }

    /// <summary>The sections <see cref="SaveState"/> writes, so that a backup lacking one is set aside before it is chosen.</summary>
    IReadOnlyList<string> StateSections { get; }

    /// <summary>Writes every callback's state into a backup, a section each.</summary>
    void SaveState(BackupWriter backup);

    /// <summary>Restores every callback's state from a backup (after <see cref="OnTrainBegin"/> reset it).</summary>
    void LoadState(BackupReader backup);
}
