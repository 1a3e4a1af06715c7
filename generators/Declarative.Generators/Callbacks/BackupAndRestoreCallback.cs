using Declarative.Generators.Emitting;
using Declarative.Generators.Helpers;
using Declarative.Generators.Models;
using Declarative.Generators.Parsing;
using Declarative.Training;

namespace Declarative.Generators.Callbacks;

/// <summary>The <c>[BackupAndRestore]</c>, validated.</summary>
internal sealed record BackupAndRestoreSpec(string Property, string Description, EquatableArray<SettingCode> Settings, string Directory, int SaveFrequency, bool DeleteOnCompletion)
    : CallbackSpec(Property, Description, Settings);

/// <summary>
/// <c>[BackupAndRestore]</c>: <see cref="Declarative.Callbacks.BackupAndRestore"/>, which backs up and restores the run's
/// state (the session's: the weights, the optimizers, the position, History and every callback's), last of the callbacks.
/// </summary>
internal static class BackupAndRestoreCallback
{
    public static BackupAndRestoreSpec? Read(AttributeReader reader, ReadContext context)
    {
        var settings = reader.Settings<BackupAndRestoreAttribute>();
        var directory = settings.Directory ?? string.Empty;
        if (!(Rules.Path(reader, context, directory) & Rules.InRange(reader, context, settings))) return null;
        var (description, code) = Rules.Describe(settings);
        return new BackupAndRestoreSpec(context.PropertyName("BackupAndRestore"), description, code, directory, settings.SaveFrequency, settings.DeleteOnCompletion);
    }

    public static CallbackCode Emit(BackupAndRestoreSpec spec, ModelSpec model)
    {
        var backUp = $"back up the run's whole state to \"{spec.Directory}\"";
        var code = new CallbackCode(spec, "global::Declarative.Callbacks.BackupAndRestore", CallbackCode.FromSettings<BackupAndRestoreAttribute>(spec))
            .On(TrainingHook.Setup, $"claim \"{spec.Directory}\" for this process (a second one training into it fails now); fail now if it cannot be written")
            .On(TrainingHook.TrainBegin, $"after every other callback has reset: resume from the latest intact backup in \"{spec.Directory}\" if there is one; " +
                                         $"else, on a fresh start, {backUp} before the first batch (so a run killed in its first epoch resumes too)");
        code = spec.SaveFrequency > 0
            ? code.On(TrainingHook.TrainBatchEnd, $"every {Rules.Counted(spec.SaveFrequency, "batch")} (after the other callbacks): {backUp}")
            : code.On(TrainingHook.EpochEnd, $"after the other callbacks (History has the epoch): {backUp}");
        return code
            .On(TrainingHook.TrainInterrupted, $"when training is cancelled: {backUp}")
            .On(TrainingHook.TrainEnd, spec.DeleteOnCompletion
                ? "delete the backup if training completed or a callback stopped it (never after a failure, a divergence or a cancellation)"
                : "keep the backup however training ended (DeleteOnCompletion = false)");
    }
}
