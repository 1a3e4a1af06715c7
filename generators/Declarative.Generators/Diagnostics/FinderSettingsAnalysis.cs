using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Declarative.Generators.Diagnostics;

/// <summary>
/// Checks the learning-rate finder's settings where they are written as constants, <c>new LearningRateFinderOptions {
/// Steps = 1 }</c> or <c>new() { ... }</c>, against the runtime's own rules (<see cref="LearningRateFinderRules"/>), and
/// reports each setting out of range as DCB0047 at its value. A setting whose value is not a constant is left to the
/// runtime, and so is a rule that depends on it.
/// </summary>
internal static class FinderSettingsAnalysis
{
    private const string OptionsType = "Declarative.LearningRateFinderOptions";
    private const string Min = "MinLearningRate";
    private const string Max = "MaxLearningRate";
    private const string Steps = "Steps";
    private const string Threshold = "EarlyStopThreshold";

    public static void Register(AnalysisContext context) =>
        context.RegisterCompilationStartAction(start =>
        {
            if (start.Compilation.GetTypeByMetadataName(OptionsType) is not { } options) return;
            start.RegisterOperationAction(operation => Analyze(operation, options), OperationKind.ObjectCreation);
        });

    private static void Analyze(OperationAnalysisContext context, INamedTypeSymbol options)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (creation.Initializer is null || !SymbolEqualityComparer.Default.Equals(creation.Type, options)) return;

        // Each setting written: its constant value (null when not a constant), and where it is written.
        var written = new Dictionary<string, (Optional<object?> Value, Location Location)>(StringComparer.Ordinal);
        foreach (var initializer in creation.Initializer.Initializers)
        {
            if (initializer is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation property } assignment)
                written[property.Property.Name] = (Constant(assignment.Value), assignment.Value.Syntax.GetLocation());
        }

        bool Unknown(string setting) => written.TryGetValue(setting, out var entry) && !entry.Value.HasValue;
        T Value<T>(string setting, T fallback, Func<object?, T> convert) =>
            written.TryGetValue(setting, out var entry) && entry.Value.HasValue ? convert(entry.Value.Value) : fallback;

        var min = Value(Min, LearningRateFinderRules.DefaultMinLearningRate, v => Convert.ToDouble(v, CultureInfo.InvariantCulture));
        var max = Value(Max, LearningRateFinderRules.DefaultMaxLearningRate, v => Convert.ToDouble(v, CultureInfo.InvariantCulture));
        var steps = Value(Steps, LearningRateFinderRules.DefaultSteps, v => Convert.ToInt32(v, CultureInfo.InvariantCulture));
        var threshold = Value<double?>(Threshold, LearningRateFinderRules.DefaultEarlyStopThreshold, v => v is null ? null : Convert.ToDouble(v, CultureInfo.InvariantCulture));
        foreach (var problem in SettingsText.Present(LearningRateFinderRules.Problems(min, max, steps, threshold)))
        {
            // The greatest rate's rule compares it with the least: unknown when either is.
            if (Unknown(problem.Setting) || (problem.Setting == Max && Unknown(Min))) continue;
            var location = written.TryGetValue(problem.Setting, out var at) ? at.Location
                : problem.Setting == Max && written.TryGetValue(Min, out var least) ? least.Location
                : creation.Syntax.GetLocation();
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.FinderSettingOutOfRange, location, problem.ToString()));
        }
    }

    // A constant, also through the conversions C# adds (an int to a double, a double to a double?, which is not a constant).
    private static Optional<object?> Constant(IOperation value)
    {
        while (!value.ConstantValue.HasValue && value is IConversionOperation conversion) value = conversion.Operand;
        return value.ConstantValue;
    }
}
