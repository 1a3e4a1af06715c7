using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Declarative.Generators.Callbacks;
using Declarative.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Declarative.Generators.Diagnostics;

/// <summary>
/// Reports, as the user types, everything that stops the generator from generating a model's callbacks: the same
/// <see cref="ModelParser"/> runs, with a sink for its problems, so the rules are written once. It also checks the
/// learning-rate finder's constant settings where they are written (<see cref="FinderSettingsAnalysis"/>).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ModelAnalyzer : DiagnosticAnalyzer
{
    private static readonly HashSet<string> Triggers = new(CallbackKinds.ClassTriggers.Concat(CallbackKinds.MethodTriggers));

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.ModelMustBePartial,
        DiagnosticDescriptors.ModelMustBeModule,
        DiagnosticDescriptors.ModelCannotBeGeneric,
        DiagnosticDescriptors.UnknownMonitor,
        DiagnosticDescriptors.ModeContradictsDirection,
        DiagnosticDescriptors.UnknownDirection,
        DiagnosticDescriptors.UnknownPlaceholder,
        DiagnosticDescriptors.InvalidFormatSpecifier,
        DiagnosticDescriptors.InvalidFilePath,
        DiagnosticDescriptors.WrongLevel,
        DiagnosticDescriptors.ScheduleMethodNotFound,
        DiagnosticDescriptors.ScheduleMethodNotStatic,
        DiagnosticDescriptors.ScheduleMethodSignature,
        DiagnosticDescriptors.HookMethodSignature,
        DiagnosticDescriptors.ValueOutOfRange,
        DiagnosticDescriptors.SaveBestOnlyWithoutMonitor,
        DiagnosticDescriptors.ConflictingLearningRateSetters,
        DiagnosticDescriptors.DuplicateRestoreBestWeights,
        DiagnosticDescriptors.DuplicateCallback,
        DiagnosticDescriptors.NegativeMinDelta,
        DiagnosticDescriptors.MetricMethodSignature,
        DiagnosticDescriptors.InvalidMetricName,
        DiagnosticDescriptors.InvalidCallbackType,
        DiagnosticDescriptors.StepSignature,
        DiagnosticDescriptors.StepReturnsNoLoss,
        DiagnosticDescriptors.MetricsNeedOutput,
        DiagnosticDescriptors.KnobWithManualOptimization,
        DiagnosticDescriptors.NoDefaultStep,
        DiagnosticDescriptors.UnknownOptimizer,
        DiagnosticDescriptors.ValidationStepNeeded,
        DiagnosticDescriptors.ComponentsNotRegistered,
        DiagnosticDescriptors.CallbackStateNotBackedUp,
        DiagnosticDescriptors.DerivedModelDeclaresMetrics,
        DiagnosticDescriptors.InheritedHookIsPrivate,
        DiagnosticDescriptors.DerivedModelSharesFiles,
        DiagnosticDescriptors.InvalidCustomMetric,
        DiagnosticDescriptors.CheckpointSettingsConflict,
        DiagnosticDescriptors.SchedulerFactory,
        DiagnosticDescriptors.RestoreBestWeightsWithAveraging,
        DiagnosticDescriptors.TwoWeightAverages,
        DiagnosticDescriptors.FinderSettingOutOfRange,
        DiagnosticDescriptors.CheckpointFormatMismatch);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterSymbolAction(AnalyzeType, SymbolKind.NamedType);
        FinderSettingsAnalysis.Register(context);
    }

    private static void AnalyzeType(SymbolAnalysisContext context)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (!IsModel(type)) return;

        var diagnostics = new List<Diagnostic>();
        ModelParser.Parse(type, new ParseContext(diagnostics, context.CancellationToken));
        foreach (var diagnostic in diagnostics) context.ReportDiagnostic(diagnostic);
    }

    // The same test the generator's pipelines apply: one of our attributes on the class or on one of its methods.
    private static bool IsModel(INamedTypeSymbol type) =>
        type.GetAttributes().Any(a => AttributeNames.Of(a) is { } name && Triggers.Contains(name))
        || type.GetMembers().OfType<IMethodSymbol>().Any(m => m.GetAttributes().Any(a => AttributeNames.Of(a) is { } name && Triggers.Contains(name)));
}
