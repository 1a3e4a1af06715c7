using System;
using System.Collections.Generic;
using System.Linq;
using Declarative.Formatting;
using Declarative.Generators.Callbacks;
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
/// at the attribute argument at fault). Each callback kind has its reader in <c>Callbacks/</c> (see <see cref="CallbackKinds"/>).
/// </summary>
internal static class ModelParser
{
    /// <summary>Parses the model; returns null when anything is wrong (the problems go to the context).</summary>
    public static ModelSpec? Parse(INamedTypeSymbol type, ParseContext problems)
    {
        // A model derived from a model takes the root's logs type, metrics and steps (the root's own analysis reports
        // their problems), and adds its callbacks to those of every model above it.
        var chain = ModelChain.Of(type);
        var root = chain[0];
        var derived = chain.Count > 1;
        CheckShape(type, problems);
        CheckRegistration(type, problems);
        if (derived) CheckDerived(chain, problems);
        var rootProblems = derived ? new ParseContext(diagnostics: null, problems.CancellationToken) : problems;
        var step = StepReader.Read(root, rootProblems);
        var context = new ReadContext(type, root, problems, MetricCatalog.Read(root, rootProblems, step), step);
        if (step is not null && !derived) CheckMetrics(type, context, step);
        var setters = new List<(CallbackKind Kind, AttributeReader Attribute, CallbackSpec Callback)>();
        foreach (var (kind, attribute) in Applications(chain))
        {
            problems.CancellationToken.ThrowIfCancellationRequested();
            if (!attribute.IsBound || kind.Read(attribute, context) is not { } callback) continue;
            context.Add(callback);
            if (kind.SetsLearningRate) setters.Add((kind, attribute, callback));
        }

        // Only one callback may own an optimizer's learning rate; one after it would undo it, unless both multiply the
        // rate they find (each then keeps what the other did). Callbacks naming different optimizers (a GAN's generator
        // and discriminator) do not meet; one naming none drives them all. Stochastic weight averaging (the last setter)
        // takes the rate over only from its start epoch, as Lightning swaps the scheduler for its own there: another
        // setter owns the epochs before it, unless there are none.
        for (var i = 1; i < setters.Count; i++)
        {
            var (kind, attribute, callback) = setters[i];
            if (callback is StochasticWeightAveragingSpec { StartEpoch: > 0 }) continue;
            var earlier = setters.Take(i).FirstOrDefault(s => s.Kind.ConflictsWith(kind) && Overlap(OptimizerOf(s.Attribute), OptimizerOf(attribute)));
            if (earlier.Kind is not null)
                problems.Report(DiagnosticDescriptors.ConflictingLearningRateSetters, attribute.Location, "[" + earlier.Kind.Name + "]", "[" + kind.Name + "]", SharingHint(earlier.Kind, kind));
        }

        if (problems.HasErrors || rootProblems.HasErrors || step is null) return null;
        return new ModelSpec(
            type.ContainingNamespace.IsGlobalNamespace ? string.Empty : type.ContainingNamespace.ToDisplayString(),
            type.Name,
            Accessibility(type),
            ContainingTypes(type).Select(Declaration).ToEquatableArray(),
            context.Metrics.Training.ToEquatableArray(),
            context.Callbacks.ToEquatableArray(),
            step,
            derived ? root.ToDisplayString(StepReader.Qualified) : null,
            derived ? "global::" + context.LogsFullName : null,
            type.IsSealed,
            RuntimeFacts.FitOptions(RuntimeLibrary(chain)));
    }

    // The runtime library the model's attributes come from (every model has at least one of them, on itself or a method).
    private static IAssemblySymbol? RuntimeLibrary(List<INamedTypeSymbol> chain) =>
        chain.SelectMany(t => t.GetAttributes().Concat(t.GetMembers().OfType<IMethodSymbol>().SelectMany(m => m.GetAttributes())))
            .FirstOrDefault(a => AttributeNames.Of(a) is not null)?.AttributeClass?.ContainingAssembly;

    // DCB0033: metrics, steps and gradient settings belong to the root model, whose logs type and step every model
    // derived from it shares. DCB0034: a hook method above the model must be callable from the model's generated code.
    // DCB0035: a file a model above writes, unless its path holds {model}, is written by this model's runs too.
    private static void CheckDerived(List<INamedTypeSymbol> chain, ParseContext problems)
    {
        var root = chain[0];
        var stepAttributes = StepReader.Attributes.Concat(StepReader.GradientAttributes).Append(MetricCatalog.MetricAttributeName)
            .Concat(MetricCatalog.ClassAttributes).ToList();
        foreach (var model in chain.Skip(1))
        {
            foreach (var target in model.GetMembers().OfType<IMethodSymbol>().Cast<ISymbol>().Prepend(model))
            {
                foreach (var attribute in target.GetAttributes().Where(a => AttributeNames.Of(a) is { } name && stepAttributes.Contains(name)))
                {
                    problems.Report(DiagnosticDescriptors.DerivedModelDeclaresMetrics, () => attribute.ApplicationSyntaxReference?.GetSyntax(problems.CancellationToken).GetLocation(),
                        model.Name, "[" + SettingsText.Name(attribute.AttributeClass!.Name) + "]", root.Name);
                }
            }
        }

        var type = chain[chain.Count - 1];
        foreach (var model in chain.Take(chain.Count - 1))
        {
            foreach (var method in model.GetMembers().OfType<IMethodSymbol>().Where(m => m.DeclaredAccessibility == Microsoft.CodeAnalysis.Accessibility.Private))
            {
                if (method.GetAttributes().Any(a => AttributeNames.Of(a) is { } name && HookCallback.Attributes.Any(h => h.Attribute.FullName == name)))
                    problems.Report(DiagnosticDescriptors.InheritedHookIsPrivate, () => type.Locations.FirstOrDefault(), type.Name, model.Name, method.Name);
            }

            if (!model.IsAbstract) CheckSharedFiles(type, model, problems);
        }
    }

    // The callbacks that write files, by attribute, and whether their path (the first argument) is a folder.
    private static readonly Dictionary<string, bool> FileWriters = new()
    {
        [typeof(CsvLoggerAttribute).FullName!] = false,
        [typeof(ModelCheckpointAttribute).FullName!] = false,
        [typeof(TensorBoardAttribute).FullName!] = true,
        [typeof(BackupAndRestoreAttribute).FullName!] = true,
    };

    private static void CheckSharedFiles(INamedTypeSymbol type, INamedTypeSymbol model, ParseContext problems)
    {
        foreach (var attribute in model.GetAttributes())
        {
            if (AttributeNames.Of(attribute) is not { } name || !FileWriters.TryGetValue(name, out var folder)) continue;
            if (attribute.ConstructorArguments.FirstOrDefault().Value is not string path || path.Contains(PathTemplate.ModelPlaceholder)) continue;
            var withModel = WithModel(path, folder);
            problems.Report(DiagnosticDescriptors.DerivedModelSharesFiles, () => type.Locations.FirstOrDefault(), () => new AttributeReader(attribute, model).Location(0), FixProperties.Of(FixProperties.Replacement, withModel),
                type.Name, model.Name, $"[{SettingsText.Name(attribute.AttributeClass!.Name)}(\"{path}\")]", path, withModel);
        }
    }

    // {model} as the folder a file goes in ("checkpoints/{model}/best.bin"), or as a folder's last part ("runs/net/{model}").
    private static string WithModel(string path, bool folder)
    {
        if (folder) return path.TrimEnd('/', '\\') + "/" + PathTemplate.ModelPlaceholder;
        var end = Math.Max(path.LastIndexOf('/'), path.LastIndexOf('\\'));
        return path.Substring(0, end + 1) + PathTemplate.ModelPlaceholder + "/" + path.Substring(end + 1);
    }

    // DCB0031: module-typed fields, and no constructor of the class calls RegisterComponents().
    private static void CheckRegistration(INamedTypeSymbol type, ParseContext problems)
    {
        var layers = type.GetMembers().OfType<IFieldSymbol>().Where(f => !f.IsStatic && !f.IsImplicitlyDeclared && TorchSharpTypes.IsModule(f.Type)).ToList();
        if (layers.Count == 0) return;
        var constructors = type.InstanceConstructors.SelectMany(c => c.DeclaringSyntaxReferences).Select(r => r.GetSyntax(problems.CancellationToken)).OfType<ConstructorDeclarationSyntax>().ToList();
        if (constructors.Count == 0 || constructors.Any(CallsRegisterComponents)) return;
        var names = string.Join(", ", layers.Take(3).Select(f => f.Name)) + (layers.Count > 3 ? ", ..." : string.Empty);
        problems.Report(DiagnosticDescriptors.ComponentsNotRegistered, () => type.Locations.FirstOrDefault(), type.Name, names);
    }

    private static bool CallsRegisterComponents(ConstructorDeclarationSyntax constructor) =>
        constructor.DescendantNodes().OfType<InvocationExpressionSyntax>().Any(i => i.Expression switch
        {
            IdentifierNameSyntax name => name.Identifier.ValueText == "RegisterComponents",
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText == "RegisterComponents",
            _ => false,
        })
        || constructor.Initializer is { ThisOrBaseKeyword.ValueText: "this" };

    // DCB0017's hint when one of the two multiplies the rate: the callbacks it may share the optimizer with.
    private static string SharingHint(CallbackKind first, CallbackKind second)
    {
        var multiplier = first.LearningRate == LearningRateUse.Multiplies ? first : second.LearningRate == LearningRateUse.Multiplies ? second : null;
        if (multiplier is null) return string.Empty;
        var partners = CallbackKinds.All.Where(k => k != multiplier && k.LearningRate == LearningRateUse.Multiplies).Select(k => "[" + k.Name + "]");
        return $"; [{multiplier.Name}] multiplies the rate it finds, so it may share it only with a callback that multiplies it too: {string.Join(" or ", partners)}";
    }

    private static string? OptimizerOf(AttributeReader attribute) =>
        attribute.Data.NamedArguments.FirstOrDefault(a => a.Key == "Optimizer").Value.Value as string;

    private static bool Overlap(string? first, string? second) => first is null || second is null || first == second;

    // The declared metrics computed from the output and the target need a step that returns them.
    private static void CheckMetrics(INamedTypeSymbol type, ReadContext context, StepSpec step)
    {
        if (step.Result.HasOutputAndTarget) return;
        var train = StepReader.TrainingStepOf(type);
        foreach (var metric in context.Metrics.Training.Where(MetricCatalog.NeedsOutputAndTarget))
        {
            Location? Where() => metric.Origin.StartsWith("[Metric] ", System.StringComparison.Ordinal)
                ? type.GetMembers(metric.Origin.Substring("[Metric] ".Length)).FirstOrDefault()?.Locations.FirstOrDefault()
                : type.GetAttributes().FirstOrDefault(a => a.AttributeClass is { } attribute && MetricCatalog.ClassAttributes.Contains(attribute.ToDisplayString())
                        && metric.Origin.StartsWith("[" + SettingsText.Name(attribute.Name), System.StringComparison.Ordinal))?.ApplicationSyntaxReference?.GetSyntax().GetLocation();
            context.Problems.Report(DiagnosticDescriptors.MetricsNeedOutput, Where, metric.Origin, train?.Name ?? "the step", train?.ReturnType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) ?? "the loss");
        }
    }

    // Every application of a callback kind's attribute, on the classes of the chain (the root first) or on their
    // methods, in the order the callbacks run: by kind (CallbackKinds.All), then from the root down, then in declaration
    // order. Each attribute's name is formatted once.
    private static IEnumerable<(CallbackKind Kind, AttributeReader Attribute)> Applications(List<INamedTypeSymbol> chain)
    {
        var applications = new List<(CallbackKind Kind, AttributeReader Attribute)>();
        void Collect(ISymbol target)
        {
            foreach (var attribute in target.GetAttributes())
            {
                if (AttributeNames.Of(attribute) is { } name && CallbackKinds.ByAttribute.TryGetValue(name, out var kind))
                    applications.Add((kind, new AttributeReader(attribute, target)));
            }
        }

        foreach (var type in chain)
        {
            Collect(type);
            foreach (var method in type.GetMembers().OfType<IMethodSymbol>()) Collect(method);
        }

        return applications.OrderBy(a => a.Kind.Order);
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

        if (StepReader.ModuleOf(type) is null)
        {
            context.Report(DiagnosticDescriptors.ModelMustBeModule, () => type.Locations.FirstOrDefault(), type.Name);
        }
    }

    private static bool IsPartial(INamedTypeSymbol type, ParseContext context) =>
        type.DeclaringSyntaxReferences.All(r =>
            r.GetSyntax(context.CancellationToken) is not TypeDeclarationSyntax declaration
            || declaration.Modifiers.Any(SyntaxKind.PartialKeyword));

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
