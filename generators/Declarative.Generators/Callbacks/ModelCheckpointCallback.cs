using System.Collections.Generic;
using System.Linq;
using Declarative.Formatting;
using Declarative.Generators.Diagnostics;
using Declarative.Generators.Emitting;
using Declarative.Generators.Helpers;
using Declarative.Generators.Models;
using Declarative.Generators.Parsing;
using Declarative.Metrics;
using Declarative.Training;
using Microsoft.CodeAnalysis;

namespace Declarative.Generators.Callbacks;

/// <summary>One <c>[ModelCheckpoint]</c>, validated.</summary>
/// <param name="MonitorMember">The monitor of the value it watches (<c>ValLoss</c>), or null when it watches none.</param>
/// <param name="Best">The monitored value when saving best only, else null.</param>
/// <param name="SaveFrequency">0 at epoch ends, N ≥ 1 every N batches.</param>
/// <param name="FixedFolder">The folder the files go to, as far as no placeholder decides it.</param>
/// <param name="Validation">A <c>val_*</c> value the saves need, if any.</param>
/// <param name="ReadsValues">Whether the decision or the file name needs metric values.</param>
internal sealed record ModelCheckpointSpec(
    string Property,
    string Description,
    EquatableArray<SettingCode> Settings,
    string FilePath,
    string? MonitorMember,
    MonitorSpec? Best,
    bool SaveWeightsOnly,
    bool Safetensors,
    int SaveFrequency,
    string FixedFolder,
    string? Validation,
    bool ReadsValues,
    int SaveTopK,
    string? LastFilePath,
    bool SaveOnInterrupt,
    string? SaveInterval) : CallbackSpec(Property, Description, Settings);

/// <summary><c>[ModelCheckpoint]</c>: <see cref="Declarative.Callbacks.ModelCheckpoint{TLogs}"/>, its file name checked here.</summary>
internal static class ModelCheckpointCallback
{
    public static ModelCheckpointSpec? Read(AttributeReader reader, ReadContext context)
    {
        var settings = reader.Settings<ModelCheckpointAttribute>();
        var valid = Rules.InRange(reader, context, settings);
        var batchLevel = settings.IsBatchLevel;
        foreach (var conflict in SettingsText.Present(settings.Conflicts()))
        {
            context.Problems.Report(DiagnosticDescriptors.CheckpointSettingsConflict, () => reader.Location(conflict.Setting), conflict.Setting, SettingsText.Literal(conflict.Value), conflict.Reason);
            valid = false;
        }

        foreach (var conflict in SettingsText.Present(settings.FormatConflicts()))
        {
            context.Problems.Report(DiagnosticDescriptors.CheckpointFormatMismatch, () => reader.Location(conflict.Setting), conflict.Setting, SettingsText.Literal(conflict.Value), conflict.Reason);
            valid = false;
        }

        MonitorSpec? monitor = null;
        if (settings.SaveBestOnly && !settings.IsMonitorSet)
        {
            var candidates = new[] { MetricNames.ValidationLoss, MetricNames.Loss }.Where(n => context.Metrics.TryResolve(n, out _));
            context.Problems.Report(DiagnosticDescriptors.SaveBestOnlyWithoutMonitor, () => reader.Location(nameof(ModelCheckpointAttribute.SaveBestOnly)), FixProperties.OfCandidates(candidates));
            valid = false;
        }
        else if (settings.SaveBestOnly || settings.IsMonitorSet)
        {
            monitor = MonitorResolver.Resolve(reader, context, settings, batchLevel);
            valid &= monitor is not null;
        }

        var filePath = settings.FilePath ?? string.Empty;
        var path = ReadPath(reader, context, filePath, batchLevel);
        valid &= path is not null;
        if (path is not null)
        {
            valid &= Rules.Unique(reader, context, context.Previous<ModelCheckpointSpec>().Any(c => c.FilePath == filePath),
                $"Another [ModelCheckpoint] on this model already writes \"{filePath}\"; the two would overwrite each other's files. Use distinct file names.");
        }

        var folder = path is null ? string.Empty
            : filePath.Contains(PathTemplate.ModelPlaceholder) ? PathTemplate.FixedFolder(path).Replace(PathTemplate.WithoutModel(PathTemplate.ModelPlaceholder), PathTemplate.ModelPlaceholder) : PathTemplate.FixedFolder(path);
        if (valid && settings.HasManifest && context.Previous<ModelCheckpointSpec>().Any(c => (c.SaveTopK > 0 || c.LastFilePath is not null) && c.FixedFolder == folder))
        {
            var setting = settings.SaveTopK > 0 ? nameof(ModelCheckpointAttribute.SaveTopK) : nameof(ModelCheckpointAttribute.LastFilePath);
            context.Problems.Report(DiagnosticDescriptors.CheckpointSettingsConflict, () => reader.Location(setting), setting, SettingsText.Literal(setting == nameof(ModelCheckpointAttribute.SaveTopK) ? settings.SaveTopK : settings.LastFilePath),
                $"another [ModelCheckpoint] of this model keeps \"{(folder.Length == 0 ? "." : folder)}/checkpoints.json\"; give each its own folder");
            valid = false;
        }

        if (!valid || path is null) return null;
        var (description, code) = Rules.Describe(settings);
        var best = settings.SaveBestOnly || settings.SaveTopK > 0 ? monitor : null;
        var validation = best is { IsValidation: true } ? best.Name : path.FirstOrDefault(s => s.IsPlaceholder && MetricNames.IsValidation(s.Text)).Text;
        return new ModelCheckpointSpec(
            context.PropertyName("ModelCheckpoint"),
            description,
            code,
            filePath,
            monitor?.Member,
            best,
            settings.SaveWeightsOnly,
            settings.Format == CheckpointFormat.Safetensors,
            settings.SaveFrequency,
            folder,
            validation,
            best is not null || path.Any(s => s.IsPlaceholder && s.Text is not ("epoch" or "batch")),
            settings.SaveTopK,
            settings.LastFilePath,
            settings.SaveOnInterrupt,
            settings.Interval is { } interval ? interval.ToString("c", System.Globalization.CultureInfo.InvariantCulture) : null);
    }

    public static CallbackCode Emit(ModelCheckpointSpec spec, ModelSpec model)
    {
        var averages = model.Callbacks.Any(c => c is EMAWeightAveragingSpec or StochasticWeightAveragingSpec);
        var what = spec.Safetensors
            ? (averages ? "the averaged weights (the model's until the average's first update)" : "weights") + $" as safetensors to \"{spec.FilePath}\""
            : (spec.SaveWeightsOnly ? "weights" : "weights and optimizer state") + (averages ? " (then the averaged weights)" : string.Empty) + $" to \"{spec.FilePath}\"";
        var when = spec.Best is not { } best ? string.Empty
            : spec.SaveTopK > 0 ? $" if it is among the {spec.SaveTopK} best by {best.Name} ({MetricDirections.Describe(best.Direction)}), deleting the one it displaces once it is written"
            : $" when {best.Name} improves ({MetricDirections.Describe(best.Direction)})";
        var folder = spec.FixedFolder.Length == 0 ? "." : spec.FixedFolder;
        var manifest = spec.SaveTopK > 0 || spec.LastFilePath is not null ? $"; list the files in \"{folder}/checkpoints.json\"" : string.Empty;
        var last = spec.LastFilePath is { } lastPath ? $"; write the latest state to \"{lastPath}\"" : string.Empty;
        var onTime = spec.SaveInterval is { } interval && spec.Validation is null ? $"; also when {interval} of training passed since the last save" : string.Empty;
        var code = new CallbackCode(spec, $"global::Declarative.Callbacks.ModelCheckpoint<{model.LogsType}>", CallbackCode.Monitoring<ModelCheckpointAttribute>(spec, spec.MonitorMember is { } member ? $"{model.LogsType}.Monitors.{member}" : null, monitorLast: true))
            .On(TrainingHook.Setup, $"claim \"{(spec.FixedFolder.Length == 0 ? "." : spec.FixedFolder)}\" for this run (a second run saving into it fails now)")
            .On(TrainingHook.TrainBegin, "reset; fail now if " + (spec.Validation is not null ? "no validation data, or if " : string.Empty) + $"\"{(spec.FixedFolder.Length == 0 ? "." : spec.FixedFolder)}\" cannot be written");
        if (spec.SaveFrequency > 0)
        {
            code.On(TrainingHook.TrainBatchEnd, $"every {Rules.Counted(spec.SaveFrequency, "batch")}, counted across epochs{onTime}: save {what}{when}{last}{manifest}" +
                                                (spec.ReadsValues ? " (reads the running training values from the device)" : string.Empty));
            if (spec.LastFilePath is not null) code.On(TrainingHook.EpochEnd, $"write the latest state to \"{spec.LastFilePath}\"; list it in \"{folder}/checkpoints.json\"");
        }
        else
        {
            if (onTime.Length > 0) code.On(TrainingHook.TrainBatchEnd, $"when {spec.SaveInterval} of training passed since the last save: save {what}{when}{last}{manifest}");
            code.On(TrainingHook.EpochEnd, "save " + what + when + (spec.Validation is not null ? ", on epochs that validate" : string.Empty) + last + manifest);
        }

        if (spec.SaveOnInterrupt) code.On(TrainingHook.TrainInterrupted, $"save the state where the run stopped to \"{spec.LastFilePath}\" when it is cancelled or fails");
        return code;
    }

    // The file-name template: well-formed, valid characters, placeholders that exist at this level, formats that apply.
    private static List<TemplateSegment>? ReadPath(AttributeReader reader, ReadContext context, string filePath, bool batchLevel)
    {
        var problems = context.Problems;
        if (filePath.Trim().Length == 0)
        {
            problems.Report(DiagnosticDescriptors.InvalidFilePath, () => reader.Location(0), filePath, "it is empty; give a file name such as \"checkpoints/model-{epoch:02d}.bin\"");
            return null;
        }

        // {model} is filled in when a run begins: the rest is checked with it as literal text of the same length.
        var segments = PathTemplate.TryParse(PathTemplate.WithoutModel(filePath), out var error, out var errorOffset);
        if (segments is null)
        {
            problems.Report(DiagnosticDescriptors.InvalidFilePath, () => reader.Location(0, errorOffset, 1), filePath, error);
            return null;
        }

        var valid = true;
        var catalog = context.Metrics;
        var available = (batchLevel ? catalog.BatchNames.Concat(new[] { "batch", MetricNames.LearningRate }) : catalog.EpochNames).Prepend("epoch").ToList();
        foreach (var segment in segments)
        {
            if (!segment.IsPlaceholder)
            {
                if (Rules.InvalidCharacter(segment.Text, segment.Offset == 0) is int at)
                {
                    problems.Report(DiagnosticDescriptors.InvalidFilePath, () => reader.Location(0, segment.Offset + at, 1), filePath, $"'{Rules.Printable(segment.Text[at])}' is not allowed in file names on every system");
                    valid = false;
                }

                continue;
            }

            var name = segment.Text;
            Location? Placeholder() => reader.Location(0, segment.Offset, name.Length + segment.Format.Length + 2 + (segment.Format.Length > 0 ? 1 : 0));
            var kind = FormatValueKind.Integer;
            if (name == "batch" && !batchLevel)
            {
                problems.Report(DiagnosticDescriptors.WrongLevel, Placeholder, "{batch}", "in an epoch-level file name", "set SaveFrequency to save every N batches, or remove '{batch}'");
                valid = false;
                continue;
            }

            if (name != "epoch" && name != "batch")
            {
                kind = FormatValueKind.Float;
                if (!catalog.TryResolve(name, out var metric))
                {
                    var closest = Naming.ClosestMatch(name, available);
                    problems.Report(DiagnosticDescriptors.UnknownPlaceholder, Placeholder, name, closest is null ? string.Empty : $" (did you mean '{{{closest}}}'?)", string.Join(", ", available));
                    valid = false;
                    continue;
                }

                if (metric.IsValidation && !Rules.CanValidate(context, name, Placeholder))
                {
                    valid = false;
                    continue;
                }

                if (batchLevel && metric.IsValidation)
                {
                    problems.Report(DiagnosticDescriptors.WrongLevel, Placeholder, "{" + name + "}", "in a batch-level file name (SaveFrequency)", "batch-level saves see running training metrics only; use '{" + MetricNames.Training(name) + "}' or save at epoch ends");
                    valid = false;
                    continue;
                }
            }

            var spec = FormatSpec.TryParse(segment.Format, out var formatError);
            var notApplicable = spec?.CheckApplicable(kind);
            if (spec is null || notApplicable is not null)
            {
                problems.Report(DiagnosticDescriptors.InvalidFormatSpecifier, Placeholder, name, segment.Format, kind == FormatValueKind.Integer ? "an integer" : "a metric value", formatError ?? notApplicable);
                valid = false;
                continue;
            }

            // The fill character ends up in the file name.
            if (spec.Width > 0 && (Rules.InvalidCharacter(spec.Fill.ToString(), false) is not null || spec.Fill is '\\' or '/'))
            {
                problems.Report(DiagnosticDescriptors.InvalidFilePath, Placeholder, filePath, $"the fill character '{Rules.Printable(spec.Fill)}' is not allowed in a file name");
                valid = false;
            }
        }

        return valid ? segments : null;
    }
}
