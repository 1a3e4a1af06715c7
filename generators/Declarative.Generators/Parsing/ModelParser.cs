using System.Collections.Generic;
using System.Linq;
using Declarative.Formatting;
using Declarative.Generators.Diagnostics;
using Declarative.Generators.Helpers;
using Declarative.Generators.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Declarative.Generators.Parsing;

/// <summary>
/// Turns an annotated model class into a <see cref="ModelSpec"/>, checking every rule on the way. Shared by the
/// generator (which only needs to know whether the model is valid) and the analyzer (which reports each problem
/// at the attribute argument at fault).
/// </summary>
internal static class ModelParser
{
    /// <summary>Parses the model; returns null when anything is wrong (the problems go to the context).</summary>
    public static ModelSpec? Parse(INamedTypeSymbol type, ParseContext context)
    {
        CheckShape(type, context);
        var catalog = MetricCatalog.Read(type, context);
        var earlyStoppings = new List<EarlyStoppingSpec>();
        var checkpoints = new List<ModelCheckpointSpec>();
        LearningRateSchedulerSpec? scheduler = null;

        foreach (var attribute in type.GetAttributes())
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            var reader = new AttributeReader(attribute);
            switch (attribute.AttributeClass?.ToDisplayString())
            {
                case KnownNames.EarlyStopping when reader.IsBound:
                    var earlyStopping = ReadEarlyStopping(reader, catalog, context, earlyStoppings);
                    if (earlyStopping is not null) earlyStoppings.Add(earlyStopping);
                    break;
                case KnownNames.ModelCheckpoint when reader.IsBound:
                    var checkpoint = ReadModelCheckpoint(reader, catalog, context, checkpoints);
                    if (checkpoint is not null) checkpoints.Add(checkpoint);
                    break;
                case KnownNames.LearningRateScheduler when reader.IsBound:
                    scheduler = ReadLearningRateScheduler(type, reader, context);
                    break;
            }
        }

        if (context.HasErrors) return null;
        return new ModelSpec(
            type.ContainingNamespace.IsGlobalNamespace ? string.Empty : type.ContainingNamespace.ToDisplayString(),
            type.Name,
            Accessibility(type),
            ContainingTypes(type).Select(Declaration).ToEquatableArray(),
            catalog.Training.ToEquatableArray(),
            earlyStoppings.ToEquatableArray(),
            checkpoints.ToEquatableArray(),
            scheduler);
    }

    private static void CheckShape(INamedTypeSymbol type, ParseContext context)
    {
        var notPartial = ContainingTypes(type).Append(type).Where(t => !IsPartial(t, context)).Select(t => "'" + t.Name + "'").ToList();
        if (notPartial.Count > 0)
        {
            context.Report(DiagnosticDescriptors.ModelMustBePartial, () => type.Locations.FirstOrDefault(), type.Name, string.Join(" and ", notPartial));
        }

        if (type.IsGenericType)
        {
            context.Report(DiagnosticDescriptors.ModelCannotBeGeneric, () => type.Locations.FirstOrDefault(), type.Name, "generic");
        }
        else if (ContainingTypes(type).FirstOrDefault(t => t.IsGenericType) is { } generic)
        {
            context.Report(DiagnosticDescriptors.ModelCannotBeGeneric, () => type.Locations.FirstOrDefault(), type.Name, $"nested in the generic type '{generic.Name}'");
        }

        if (!IsTensorModule(type))
        {
            context.Report(DiagnosticDescriptors.ModelMustBeModule, () => type.Locations.FirstOrDefault(), type.Name);
        }
    }

    private static EarlyStoppingSpec? ReadEarlyStopping(AttributeReader reader, MetricCatalog catalog, ParseContext context, List<EarlyStoppingSpec> previous)
    {
        var valid = true;
        var monitor = ResolveMonitor(reader, catalog, context, batchLevel: false);
        var patience = reader.Get("Patience", 0);
        var startFromEpoch = reader.Get("StartFromEpoch", 0);
        var minDelta = reader.Get("MinDelta", 0.0);
        var baseline = reader.Get("Baseline", double.NaN);
        var restore = reader.Get("RestoreBestWeights", false);

        valid &= InRange(reader, context, "Patience", patience, patience >= 0, "patience counts epochs and cannot be negative");
        valid &= InRange(reader, context, "StartFromEpoch", startFromEpoch, startFromEpoch >= 0, "it is a 0-based epoch and cannot be negative");
        valid &= InRange(reader, context, "MinDelta", minDelta, IsFinite(minDelta), "it must be a finite number");
        valid &= InRange(reader, context, "Baseline", baseline, !double.IsInfinity(baseline), "it must be a finite number (or NaN for none)");
        if (minDelta < 0)
        {
            context.Report(DiagnosticDescriptors.NegativeMinDelta, () => reader.Location("MinDelta"), Literal(minDelta), Literal(-minDelta));
        }

        if (restore && previous.Any(e => e.RestoreBestWeights))
        {
            context.Report(DiagnosticDescriptors.DuplicateRestoreBestWeights, () => reader.Location("RestoreBestWeights"));
            valid = false;
        }

        if (monitor is null || !valid) return null;
        return new EarlyStoppingSpec(
            PropertyName("EarlyStopping", previous.Count),
            reader.Text(context.CancellationToken),
            monitor,
            System.Math.Abs(minDelta),
            patience,
            double.IsNaN(baseline) ? null : baseline,
            restore,
            startFromEpoch,
            reader.Get("Verbose", false));
    }

    private static ModelCheckpointSpec? ReadModelCheckpoint(AttributeReader reader, MetricCatalog catalog, ParseContext context, List<ModelCheckpointSpec> previous)
    {
        var valid = true;
        var saveFrequency = reader.Get("SaveFrequency", 0);
        var batchLevel = reader.Has("SaveFrequency");
        if (batchLevel) valid &= InRange(reader, context, "SaveFrequency", saveFrequency, saveFrequency >= 1, "it is a number of batches ≥ 1; leave it unset to save at the end of each epoch");

        var saveBestOnly = reader.Get("SaveBestOnly", false);
        MonitorSpec? monitor = null;
        if (saveBestOnly && !reader.Has("Monitor"))
        {
            context.Report(DiagnosticDescriptors.SaveBestOnlyWithoutMonitor, () => reader.Location("SaveBestOnly"));
            valid = false;
        }
        else if (saveBestOnly || reader.Has("Monitor"))
        {
            monitor = ResolveMonitor(reader, catalog, context, batchLevel && saveFrequency >= 1);
            valid &= monitor is not null;
        }

        var filePath = reader.Constructor<string?>(0, null) ?? string.Empty;
        var path = ReadPath(reader, filePath, catalog, context, batchLevel && saveFrequency >= 1);
        valid &= path is not null;

        if (path is not null && previous.Any(c => c.FilePath == filePath))
        {
            context.Report(DiagnosticDescriptors.DuplicateCallback, () => reader.Location(0), $"Another [ModelCheckpoint] on this model already writes \"{filePath}\"; the two would overwrite each other's files. Use distinct file names.");
            valid = false;
        }

        var threshold = reader.Get("InitialValueThreshold", double.NaN);
        valid &= InRange(reader, context, "InitialValueThreshold", threshold, !double.IsInfinity(threshold), "it must be a finite number (or NaN for none)");
        if (!valid || path is null) return null;
        return new ModelCheckpointSpec(
            PropertyName("ModelCheckpoint", previous.Count),
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

    private static List<PathSegmentSpec>? ReadPath(AttributeReader reader, string filePath, MetricCatalog catalog, ParseContext context, bool batchLevel)
    {
        if (filePath.Trim().Length == 0)
        {
            context.Report(DiagnosticDescriptors.InvalidFilePath, () => reader.Location(0), filePath, "it is empty; give a file name such as \"checkpoints/model-{epoch:02d}.bin\"");
            return null;
        }

        var segments = PathTemplate.TryParse(filePath, out var error, out var errorOffset);
        if (segments is null)
        {
            context.Report(DiagnosticDescriptors.InvalidFilePath, () => reader.Location(0, errorOffset, 1), filePath, error);
            return null;
        }

        var valid = true;
        var result = new List<PathSegmentSpec>();
        var available = (batchLevel ? catalog.BatchNames.Concat(new[] { "batch", MetricCatalog.LearningRate }) : catalog.EpochNames).Prepend("epoch").ToList();
        foreach (var segment in segments)
        {
            if (!segment.IsPlaceholder)
            {
                var invalid = InvalidCharacter(segment.Text, segment.Offset == 0);
                if (invalid is int at)
                {
                    context.Report(DiagnosticDescriptors.InvalidFilePath, () => reader.Location(0, segment.Offset + at, 1), filePath, $"'{Printable(segment.Text[at])}' is not allowed in file names on every system");
                    valid = false;
                }

                result.Add(new PathSegmentSpec(segment.Text, false, string.Empty, null, false));
                continue;
            }

            var name = segment.Text;
            Location? PlaceholderLocation() => reader.Location(0, segment.Offset, name.Length + segment.Format.Length + 2 + (segment.Format.Length > 0 ? 1 : 0));
            string? member = null;
            var isValidation = false;
            var kind = FormatValueKind.Integer;
            if (name == "batch" && !batchLevel)
            {
                context.Report(DiagnosticDescriptors.WrongLevel, PlaceholderLocation, "{batch}", "in an epoch-level file name", "set SaveFrequency to save every N batches, or remove '{batch}'");
                valid = false;
                continue;
            }

            if (name != "epoch" && name != "batch")
            {
                kind = FormatValueKind.Float;
                if (!catalog.TryResolve(name, out var metric))
                {
                    var closest = Naming.ClosestMatch(name, available);
                    context.Report(DiagnosticDescriptors.UnknownPlaceholder, PlaceholderLocation, name, closest is null ? string.Empty : $" (did you mean '{{{closest}}}'?)", string.Join(", ", available));
                    valid = false;
                    continue;
                }

                if (batchLevel && metric.IsValidation)
                {
                    context.Report(DiagnosticDescriptors.WrongLevel, PlaceholderLocation, "{" + name + "}", "in a batch-level file name (SaveFrequency)", "batch-level saves see running training metrics only; use '{" + name.Substring(4) + "}' or save at epoch ends");
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
                context.Report(DiagnosticDescriptors.InvalidFormatSpecifier, PlaceholderLocation, name, segment.Format, kind == FormatValueKind.Integer ? "an integer" : "a metric value", formatError ?? notApplicable);
                valid = false;
                continue;
            }

            if (spec.Width > 0 && InvalidCharacter(spec.Fill.ToString(), false) is not null)
            {
                context.Report(DiagnosticDescriptors.InvalidFilePath, PlaceholderLocation, filePath, $"the fill character '{Printable(spec.Fill)}' is not allowed in file names on every system");
                valid = false;
                continue;
            }

            result.Add(new PathSegmentSpec(name, true, segment.Format, member, isValidation));
        }

        return valid ? result : null;
    }

    private static LearningRateSchedulerSpec? ReadLearningRateScheduler(INamedTypeSymbol type, AttributeReader reader, ParseContext context)
    {
        var name = reader.Constructor<string?>(0, null) ?? string.Empty;
        var candidates = Methods(type, name).ToList();
        if (candidates.Count == 0)
        {
            var closest = Naming.ClosestMatch(name, Methods(type, null).Where(m => m.IsStatic).Select(m => m.Name).Distinct());
            context.Report(DiagnosticDescriptors.ScheduleMethodNotFound, () => reader.Location(0), type.Name, name, closest is null ? string.Empty : $" (did you mean '{closest}'?)");
            return null;
        }

        var twoArguments = candidates.FirstOrDefault(m => IsSchedule(m, 2));
        var oneArgument = candidates.FirstOrDefault(m => IsSchedule(m, 1));
        var method = twoArguments ?? oneArgument;
        if (method is null)
        {
            context.Report(DiagnosticDescriptors.ScheduleMethodSignature, () => reader.Location(0), name, candidates[0].ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat));
            return null;
        }

        if (!method.IsStatic)
        {
            context.Report(DiagnosticDescriptors.ScheduleMethodNotStatic, () => reader.Location(0), name);
            return null;
        }

        return new LearningRateSchedulerSpec("LearningRateScheduler", reader.Text(context.CancellationToken), name, SymbolEqualityComparer.Default.Equals(method, twoArguments), reader.Get("Verbose", false));
    }

    private static bool IsSchedule(IMethodSymbol method, int parameters) =>
        !method.IsGenericMethod
        && method.ReturnType.SpecialType == SpecialType.System_Double
        && method.Parameters.Length == parameters
        && method.Parameters.All(p => p.RefKind == RefKind.None)
        && method.Parameters[0].Type.SpecialType == SpecialType.System_Int32
        && (parameters == 1 || method.Parameters[1].Type.SpecialType == SpecialType.System_Double);

    // The model's own methods (any accessibility) and its base classes' non-private ones.
    private static IEnumerable<IMethodSymbol> Methods(INamedTypeSymbol type, string? name)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            var members = name is null ? current.GetMembers() : current.GetMembers(name);
            foreach (var method in members.OfType<IMethodSymbol>())
            {
                if (method.MethodKind == MethodKind.Ordinary && (SymbolEqualityComparer.Default.Equals(current, type) || method.DeclaredAccessibility != Microsoft.CodeAnalysis.Accessibility.Private))
                    yield return method;
            }
        }
    }

    private static MonitorSpec? ResolveMonitor(AttributeReader reader, MetricCatalog catalog, ParseContext context, bool batchLevel)
    {
        var name = reader.Get("Monitor", "val_loss") ?? string.Empty;
        var mode = reader.Get("Mode", 0);
        Location? Where() => reader.Has("Monitor") ? reader.Location("Monitor") : reader.Data.ApplicationSyntaxReference?.GetSyntax().GetLocation();
        if (!catalog.TryResolve(name, out var metric))
        {
            var available = (batchLevel ? catalog.BatchNames : catalog.EpochNames).ToList();
            var closest = Naming.ClosestMatch(name, available);
            context.Report(DiagnosticDescriptors.UnknownMonitor, Where, name, closest is null ? string.Empty : $" (did you mean '{closest}'?)", string.Join(", ", available));
            return null;
        }

        if (batchLevel && (metric.IsValidation || metric.Name == MetricCatalog.LearningRate))
        {
            context.Report(DiagnosticDescriptors.WrongLevel, Where, name, "to batch-level saves (SaveFrequency)", "they see running training metrics only; monitor one of them (e.g. 'loss') or save at epoch ends");
            return null;
        }

        if (mode < 0 || mode > 2)
        {
            context.Report(DiagnosticDescriptors.ValueOutOfRange, () => reader.Location("Mode"), "Mode", mode, "use MonitorMode.Auto, Min or Max");
            return null;
        }

        if (mode == 0)
        {
            if (metric.Direction != Direction.Unknown) return new MonitorSpec(name, metric.Member, metric.IsValidation, metric.Direction);
            var hint = metric.Name == MetricCatalog.LearningRate ? string.Empty : ", or declare the metric's Direction";
            context.Report(DiagnosticDescriptors.UnknownDirection, Where, name, hint);
            return null;
        }

        var requested = (Direction)mode;
        if (metric.Direction != Direction.Unknown && metric.Direction != requested)
        {
            context.Report(
                DiagnosticDescriptors.ModeContradictsDirection,
                () => reader.Location("Mode"),
                requested == Direction.Minimize ? "MonitorMode.Min" : "MonitorMode.Max",
                requested == Direction.Minimize ? "a smaller" : "a larger",
                name,
                metric.Direction == Direction.Minimize ? "minimize" : "maximize");
            return null;
        }

        return new MonitorSpec(name, metric.Member, metric.IsValidation, requested);
    }

    private static bool InRange<T>(AttributeReader reader, ParseContext context, string name, T value, bool inRange, string why)
    {
        if (inRange) return true;
        context.Report(DiagnosticDescriptors.ValueOutOfRange, () => reader.Location(name), name, value is double d ? Literal(d) : value, why);
        return false;
    }

    private static int? InvalidCharacter(string text, bool atStart)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var driveColon = c == ':' && atStart && i == 1 && char.IsLetter(text[0]);
            if (c < ' ' || c == '<' || c == '>' || c == '"' || c == '|' || c == '?' || c == '*' || (c == ':' && !driveColon)) return i;
        }

        return null;
    }

    private static string Printable(char c) => c < ' ' ? "\\u" + ((int)c).ToString("x4") : c.ToString();

    private static bool IsFinite(double value) => !double.IsNaN(value) && !double.IsInfinity(value);

    private static string Literal(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    private static string PropertyName(string kind, int index) => index == 0 ? kind : kind + (index + 1);

    private static bool IsPartial(INamedTypeSymbol type, ParseContext context) =>
        type.DeclaringSyntaxReferences.All(r =>
            r.GetSyntax(context.CancellationToken) is not TypeDeclarationSyntax declaration
            || declaration.Modifiers.Any(SyntaxKind.PartialKeyword));

    private static bool IsTensorModule(INamedTypeSymbol type)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (current.OriginalDefinition.ToDisplayString() == KnownNames.Module
                && current.TypeArguments.All(t => t.ToDisplayString() == KnownNames.Tensor))
                return true;
        }

        return false;
    }

    private static IEnumerable<INamedTypeSymbol> ContainingTypes(INamedTypeSymbol type)
    {
        var chain = new List<INamedTypeSymbol>();
        for (var current = type.ContainingType; current is not null; current = current.ContainingType) chain.Insert(0, current);
        return chain;
    }

    private static string Declaration(INamedTypeSymbol type)
    {
        var keyword = type.TypeKind switch
        {
            TypeKind.Struct => type.IsRecord ? "record struct" : "struct",
            TypeKind.Interface => "interface",
            _ => type.IsRecord ? "record" : "class",
        };
        return "partial " + keyword + " " + type.Name;
    }

    private static string Accessibility(INamedTypeSymbol type) => type.DeclaredAccessibility switch
    {
        Microsoft.CodeAnalysis.Accessibility.Public => "public",
        Microsoft.CodeAnalysis.Accessibility.Protected => "protected",
        Microsoft.CodeAnalysis.Accessibility.ProtectedOrInternal => "protected internal",
        Microsoft.CodeAnalysis.Accessibility.ProtectedAndInternal => "private protected",
        Microsoft.CodeAnalysis.Accessibility.Private => "private",
        _ => "internal",
    };
}
