using Declarative.Generators.Models;

namespace Declarative.Generators.Parsing.Readers;

internal static class BackupAndRestoreReader
{
    public static BackupAndRestoreSpec? Read(AttributeReader reader, ReadContext context)
    {
        var directory = reader.Constructor<string?>(0, null) ?? string.Empty;
        var frequency = reader.Get("SaveFrequency", 0);
        var valid = Rules.Path(reader, context, directory)
                  & (!reader.Has("SaveFrequency") || Rules.InRange(reader, context, "SaveFrequency", frequency, frequency >= 1, "it is a number of batches ≥ 1; leave it unset to back up at the end of each epoch"));
        return valid
            ? new BackupAndRestoreSpec(
                "BackupAndRestore",
                reader.Text(context.CancellationToken),
                directory,
                frequency,
                reader.Get("KeepPreviousGeneration", true),
                reader.Get("DeleteOnCompletion", true),
                reader.Get("AllowConfigurationChange", false))
            : null;
    }
}
