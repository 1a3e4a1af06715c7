using System.Collections.Generic;
using System.Linq;
using Declarative.Generators.Diagnostics;
using Declarative.Generators.Helpers;
using Declarative.Generators.Models;
using Declarative.Generators.Parsing.Readers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Declarative.Generators.Parsing;

/// <summary>
/// Turns an annotated model class into a <see cref="ModelSpec"/>, checking every rule on the way. Shared by the
/// generator (which only needs to know whether the model is valid) and the analyzer (which reports each problem
/// at the attribute argument at fault). Each callback kind has its reader in <c>Readers/</c>.
/// </summary>
internal static class ModelParser
{
    /// <summary>Parses the model; returns null when anything is wrong (the problems go to the context).</summary>
    public static ModelSpec? Parse(INamedTypeSymbol type, ParseContext problems)
    {
        CheckShape(type, problems);
        var context = new ReadContext(type, problems, MetricCatalog.Read(type, problems));
        var earlyStoppings = new List<EarlyStoppingSpec>();
        var checkpoints = new List<ModelCheckpointSpec>();
        var csvLoggers = new List<CsvLoggerSpec>();
        var tensorBoards = new List<TensorBoardSpec>();
        var userCallbacks = new List<UserCallbackSpec>();
        LearningRateSchedulerSpec? scheduler = null;
        ReduceLROnPlateauSpec? reduceOnPlateau = null;
        TerminateOnNaNSpec? terminateOnNaN = null;
        BackupAndRestoreSpec? backupAndRestore = null;
        AttributeReader? reduceOnPlateauAttribute = null;

        foreach (var attribute in type.GetAttributes())
        {
            problems.CancellationToken.ThrowIfCancellationRequested();
            var reader = new AttributeReader(attribute);
            if (!reader.IsBound) continue;
            switch (attribute.AttributeClass?.ToDisplayString())
            {
                case KnownNames.EarlyStopping:
                    Add(earlyStoppings, EarlyStoppingReader.Read(reader, context, earlyStoppings));
                    break;
                case KnownNames.ModelCheckpoint:
                    Add(checkpoints, ModelCheckpointReader.Read(reader, context, checkpoints));
                    break;
                case KnownNames.LearningRateScheduler:
                    scheduler = LearningRateSchedulerReader.Read(reader, context);
                    break;
                case KnownNames.ReduceLROnPlateau:
                    reduceOnPlateau = ReduceLROnPlateauReader.Read(reader, context);
                    reduceOnPlateauAttribute = reader;
                    break;
                case KnownNames.TerminateOnNaN:
                    terminateOnNaN = TerminateOnNaNReader.Read(reader, context);
                    break;
                case KnownNames.CsvLogger:
                    Add(csvLoggers, CsvLoggerReader.Read(reader, context, csvLoggers));
                    break;
                case KnownNames.TensorBoard:
                    Add(tensorBoards, TensorBoardReader.Read(reader, context, tensorBoards));
                    break;
                case KnownNames.Callback:
                    Add(userCallbacks, UserCallbackReader.Read(reader, context, userCallbacks));
                    break;
                case KnownNames.BackupAndRestore:
                    backupAndRestore = BackupAndRestoreReader.Read(reader, context);
                    break;
            }
        }

        var hooks = HookReader.Read(context);
        if (scheduler is not null && reduceOnPlateauAttribute is { } plateau)
        {
            problems.Report(
                DiagnosticDescriptors.ConflictingLearningRateSetters,
                () => plateau.Data.ApplicationSyntaxReference?.GetSyntax().GetLocation(),
                "[LearningRateScheduler]",
                "[ReduceLROnPlateau]");
        }

        if (problems.HasErrors) return null;
        return new ModelSpec(
            type.ContainingNamespace.IsGlobalNamespace ? string.Empty : type.ContainingNamespace.ToDisplayString(),
            type.Name,
            Accessibility(type),
            ContainingTypes(type).Select(Declaration).ToEquatableArray(),
            context.Metrics.Training.ToEquatableArray(),
            scheduler,
            reduceOnPlateau,
            terminateOnNaN,
            earlyStoppings.ToEquatableArray(),
            checkpoints.ToEquatableArray(),
            userCallbacks.ToEquatableArray(),
            hooks.ToEquatableArray(),
            csvLoggers.ToEquatableArray(),
            tensorBoards.ToEquatableArray(),
            backupAndRestore);
    }

    private static void Add<T>(List<T> list, T? item) where T : class
    {
        if (item is not null) list.Add(item);
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
