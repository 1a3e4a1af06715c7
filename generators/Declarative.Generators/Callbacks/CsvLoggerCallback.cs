using System.Linq;
using Declarative.Formatting;
using Declarative.Generators.Emitting;
using Declarative.Generators.Helpers;
using Declarative.Generators.Models;
using Declarative.Generators.Parsing;
using Declarative.Training;

namespace Declarative.Generators.Callbacks;

/// <summary>One <c>[CsvLogger]</c>, validated.</summary>
internal sealed record CsvLoggerSpec(string Property, string Description, EquatableArray<SettingCode> Settings, string FileName, bool Append)
    : CallbackSpec(Property, Description, Settings);

/// <summary><c>[CsvLogger]</c>: <see cref="Declarative.Callbacks.CsvLogger{TLogs}"/>.</summary>
internal static class CsvLoggerCallback
{
    public static CsvLoggerSpec? Read(AttributeReader reader, ReadContext context)
    {
        var settings = reader.Settings<CsvLoggerAttribute>();
        var fileName = settings.FileName ?? string.Empty;
        var valid = Rules.Path(reader, context, fileName) & Rules.InRange(reader, context, settings);
        if (!valid || !Rules.Unique(reader, context, context.Previous<CsvLoggerSpec>().Any(c => c.FileName == fileName),
                $"Another [CsvLogger] on this model already writes \"{fileName}\"; the two would write over each other. Use one, or distinct file names.")) return null;
        var (description, code) = Rules.Describe(settings);
        return new CsvLoggerSpec(context.PropertyName("CsvLogger"), description, code, fileName, settings.Append);
    }

    public static CallbackCode Emit(CsvLoggerSpec spec, ModelSpec model) =>
        new CallbackCode(spec, $"global::Declarative.Callbacks.CsvLogger<{model.LogsType}>", CallbackCode.FromSettings<CsvLoggerAttribute>(spec))
            .On(TrainingHook.Setup, $"claim \"{spec.FileName}\" for this run (a second run writing it fails now)")
            .On(TrainingHook.TrainBegin, $"fail now if \"{Folder(spec.FileName)}\" cannot be written")
            .On(TrainingHook.EpochEnd, $"write the epoch's row to \"{spec.FileName}\" and flush it" + (spec.Append ? " (appending to the file)" : " (the first row replaces the file)"))
            .On(TrainingHook.TrainEnd, "close the file");

    private static string Folder(string path) => PathTemplate.FolderOf(path) is { Length: > 0 } folder ? folder : ".";
}
