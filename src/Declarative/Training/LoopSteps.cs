// Shared by the runtime library and the source generator (linked into both), so it stays netstandard2.0-compatible.
#nullable enable

using System.Collections.Generic;

namespace Declarative.Training;

/// <summary>
/// What the training loop itself does at a hook, after the callbacks a model declares: it owns History, the progress
/// display and the backups (it holds the position, the weights and the optimizer). <see cref="TrainingDriver{TCallbacks, TLogs}"/>
/// runs these steps in this order; the generator lists them in each model's plan from here.
/// </summary>
internal static class LoopSteps
{
    /// <summary>The loop's steps at <paramref name="hook"/>, as (who, what) for the plan.</summary>
    /// <param name="hook">The hook.</param>
    /// <param name="logsName">The model's logs type (<c>NetLogs</c>).</param>
    /// <param name="backup">The model's backup folder and frequency (0: at epoch ends), or null without <c>[BackupAndRestore]</c>.</param>
    public static IEnumerable<(string Who, string What)> At(TrainingHook hook, string logsName, (string Directory, int SaveFrequency)? backup)
    {
        if (hook == TrainingHook.TrainBegin && backup is { } resumed)
            yield return ("BackupAndRestore", $"resume from the latest intact backup in \"{resumed.Directory}\", if any (after every callback has reset)");

        if (hook == TrainingHook.EpochEnd)
        {
            yield return ("History", $"record the {logsName} of the epoch");
            yield return ("Progress", "print the epoch's values (the Fit argument progress decides how)");
        }

        if (backup is { } every && (hook == TrainingHook.EpochEnd) == (every.SaveFrequency == 0) && hook is TrainingHook.EpochEnd or TrainingHook.TrainBatchEnd)
        {
            yield return ("BackupAndRestore", every.SaveFrequency > 0
                ? $"every {Counted(every.SaveFrequency, "batch", "batches")} (after the batch's hooks), and when training is cancelled: back up the whole state to \"{every.Directory}\""
                : $"after History, and when training is cancelled: back up the whole state to \"{every.Directory}\"");
        }
    }

    private static string Counted(int count, string one, string many) => count == 1 ? "1 " + one : count + " " + many;
}
