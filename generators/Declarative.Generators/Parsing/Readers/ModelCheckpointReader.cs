using System.Collections.Generic;
using System.Linq;
using Declarative.Formatting;
using Declarative.Generators.Diagnostics;
using Declarative.Generators.Helpers;
using Declarative.Generators.Models;
using Microsoft.CodeAnalysis;

namespace Declarative.Generators.Parsing.Readers;

internal static class ModelCheckpointReader
{
    public static ModelCheckpointSpec? Read(AttributeReader reader, ReadContext context, IReadOnlyList<ModelCheckpointSpec> previous)
    {
        var valid = true;
        var saveFrequency = reader.Get("SaveFrequency", 0);
        var batchLevel = reader.Has("SaveFrequency");
        if (batchLevel) valid &= Rules.InRange(reader, context, "SaveFrequency", saveFrequency, saveFrequency >= 1, "it is a number of batches ≥ 1; leave it unset to save at the end of each epoch");
        batchLevel &= saveFrequency >= 1;

        var saveBestOnly = reader.Get("SaveBestOnly", false);
        MonitorSpec? monitor = null;
        if (saveBestOnly && !reader.Has("Monitor"))
        {
            var candidates = new[] { "val_loss", "loss" }.Where(n => context.Metrics.TryResolve(n, out _));
            context.Problems.Report(DiagnosticDescriptors.SaveBestOnlyWithoutMonitor, () => reader.Location("SaveBestOnly"), FixProperties.OfCandidates(candidates));
            valid = false;
        }
        else if (saveBestOnly || reader.Has("Monitor"))
        {
            monitor = MonitorResolver.Resolve(reader, context, batchLevel);
            valid &= monitor is not null;
        }

        var filePath = reader.Constructor<string?>(0, null) ?? string.Empty;
        var path = ReadPath(reader, context, filePath, batchLevel);
        valid &= path is not null;
        if (path is not null && previous.Any(c => c.FilePath == filePath))
        {
            context.Problems.Report(DiagnosticDescriptors.DuplicateCallback, () => reader.Location(0), $"Another [ModelCheckpoint] on this model already writes \"{filePath}\"; the two would overwrite each other's files. Use distinct file names.");
            valid = false;
        }

        var threshold = reader.Get("InitialValueThreshold", double.NaN);
        valid &= Rules.InRange(reader, context, "InitialValueThreshold", threshold, !double.IsInfinity(threshold), "it must be a finite number (or NaN for none)");
        if (!valid || path is null) return null;
        return new ModelCheckpointSpec(
            Rules.PropertyName("ModelCheckpoint", previous.Count),
            reader.Text(context.CancellationToken),
            filePath,
            path.ToEquatableArray(),
            saveBestOnly ? monitor : null,
            saveBestOnly,
            reader.Get("SaveWeightsOnly", false),
            batchLevel ? saveFrequency : 0,
            double.IsNaN(threshold) ? null : threshold,
            reader.Get("Verbose", false));
    }

    // The file-name template: well-formed, valid characters, placeholders that exist at this level, formats that apply.
    private static List<PathSegmentSpec>? ReadPath(AttributeReader reader, ReadContext context, string filePath, bool batchLevel)
    {
        var problems = context.Problems;
        if (filePath.Trim().Length == 0)
        {
            problems.Report(DiagnosticDescriptors.InvalidFilePath, () => reader.Location(0), filePath, "it is empty; give a file name such as \"checkpoints/model-{epoch:02d}.bin\"");
            return null;
        }

        var segments = PathTemplate.TryParse(filePath, out var error, out var errorOffset);
        if (segments is null)
        {
            problems.Report(DiagnosticDescriptors.InvalidFilePath, () => reader.Location(0, errorOffset, 1), filePath, error);
            return null;
        }

        var valid = true;
        var result = new List<PathSegmentSpec>();
        var catalog = context.Metrics;
        var available = (batchLevel ? catalog.BatchNames.Concat(new[] { "batch", MetricCatalog.LearningRate }) : catalog.EpochNames).Prepend("epoch").ToList();
        foreach (var segment in segments)
        {
            if (!segment.IsPlaceholder)
            {
                if (Rules.InvalidCharacter(segment.Text, segment.Offset == 0) is int at)
                {
                    problems.Report(DiagnosticDescriptors.InvalidFilePath, () => reader.Location(0, segment.Offset + at, 1), filePath, $"'{Rules.Printable(segment.Text[at])}' is not allowed in file names on every system");
                    valid = false;
                }

                result.Add(new PathSegmentSpec(segment.Text, false, string.Empty, null, false));
                continue;
            }

            var name = segment.Text;
            Location? Placeholder() => reader.Location(0, segment.Offset, name.Length + segment.Format.Length + 2 + (segment.Format.Length > 0 ? 1 : 0));
            string? member = null;
            var isValidation = false;
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

                if (batchLevel && metric.IsValidation)
                {
                    problems.Report(DiagnosticDescriptors.WrongLevel, Placeholder, "{" + name + "}", "in a batch-level file name (SaveFrequency)", "batch-level saves see running training metrics only; use '{" + name.Substring(4) + "}' or save at epoch ends");
                    valid = false;
                    continue;
                }

                member = metric.Member;
                isValidation = metric.IsValidation;
            }

            var spec = FormatSpec.TryParse(segment.Format, out var formatError);
            var notApplicable = spec?.CheckApplicable(kind);
            if (spec is null || notApplicable is not null)
            {
                problems.Report(DiagnosticDescriptors.InvalidFormatSpecifier, Placeholder, name, segment.Format, kind == FormatValueKind.Integer ? "an integer" : "a metric value", formatError ?? notApplicable);
                valid = false;
                continue;
            }

            // The fill character ends up in the file name, and in the generated interpolated string's format clause.
            if (spec.Width > 0 && (Rules.InvalidCharacter(spec.Fill.ToString(), false) is not null || spec.Fill is '\\' or '/'))
            {
                problems.Report(DiagnosticDescriptors.InvalidFilePath, Placeholder, filePath, $"the fill character '{Rules.Printable(spec.Fill)}' is not allowed in a file name");
                valid = false;
                continue;
            }

            result.Add(new PathSegmentSpec(name, true, segment.Format, member, isValidation));
        }

        return valid ? result : null;
    }
}
