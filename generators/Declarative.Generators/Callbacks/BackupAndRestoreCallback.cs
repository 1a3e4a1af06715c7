using Declarative.Generators.Emitting;
using Declarative.Generators.Helpers;
using Declarative.Generators.Models;
using Declarative.Generators.Parsing;
using Declarative.Training;

namespace Declarative.Generators.Callbacks;

/// <summary>The <c>[BackupAndRestore]</c>, validated.</summary>
internal sealed record BackupAndRestoreSpec(string Property, string Description, EquatableArray<SettingCode> Settings, string Directory, int SaveFrequency)
    : CallbackSpec(Property, Description, Settings);

/// <summary>
/// <c>[BackupAndRestore]</c>: <see cref="Declarative.Callbacks.BackupAndRestore"/>. The training loop writes and restores the
/// backups (it owns the position, the weights and the optimizer; see <see cref="LoopSteps"/>); the dispatcher's
/// <c>SaveState</c>/<c>LoadState</c> contribute every callback's state.
/// </summary>
internal static class BackupAndRestoreCallback
{
    public static BackupAndRestoreSpec? Read(AttributeReader reader, ReadContext context)
    {
        var settings = reader.Settings<BackupAndRestoreAttribute>();
        var directory = settings.Directory ?? string.Empty;
        if (!(Rules.Path(reader, context, directory) & Rules.InRange(reader, context, settings))) return null;
        var (description, code) = Rules.Describe(settings);
        return new BackupAndRestoreSpec(context.PropertyName("BackupAndRestore"), description, code, directory, settings.SaveFrequency);
    }

    public static CallbackCode Emit(BackupAndRestoreSpec spec, ModelSpec model) =>
        new CallbackCode(spec, "global::Declarative.Callbacks.BackupAndRestore", CallbackCode.FromSettings<BackupAndRestoreAttribute>(spec))
            .On(TrainingHook.TrainBegin, $"fail now if \"{spec.Directory}\" cannot be written")
            .On(TrainingHook.TrainEnd, "delete the backup if training completed or a callback stopped it (never after a failure, a divergence or a cancellation)");
}
