using System;
using System.Collections.Generic;
using System.Linq;
using Declarative.Generators.Diagnostics;
using Declarative.Generators.Models;
using Declarative.Metrics;
using Microsoft.CodeAnalysis;

namespace Declarative.Generators.Parsing;

/// <summary>A metric name resolved against what the model produces.</summary>
internal readonly record struct ResolvedMetric(string Name, string Member, bool IsValidation, MetricDirection Direction);

/// <summary>
/// The metrics a model produces, read from its attributes: <c>loss</c>, the declared metrics, their <c>val_</c> twins
/// and <c>learning_rate</c>; and name lookups for monitors and file-name placeholders.
/// </summary>
internal sealed class MetricCatalog
{
    /// <summary>The built-in metrics, one attribute each, in the order their attributes may appear.</summary>
    public static readonly (Type Attribute, string Name, MetricDirection Direction, MetricKind Kind)[] BuiltIn =
    [
        (typeof(AccuracyAttribute), "accuracy", MetricDirection.Maximize, MetricKind.Accuracy),
        (typeof(BinaryAccuracyAttribute), "binary_accuracy", MetricDirection.Maximize, MetricKind.BinaryAccuracy),
        (typeof(MeanAbsoluteErrorAttribute), "mean_absolute_error", MetricDirection.Minimize, MetricKind.MeanAbsoluteError),
        (typeof(MeanSquaredErrorAttribute), "mean_squared_error", MetricDirection.Minimize, MetricKind.MeanSquaredError),
    ];

    /// <summary>The attribute that declares a model's method as a metric.</summary>
    public static readonly string MetricAttributeName = typeof(MetricAttribute).FullName!;

    // Names a user metric cannot take: the model's own values, the placeholders, and the logs type's own members.
    private static readonly HashSet<string> Reserved = new() { MetricNames.Loss, MetricNames.LearningRate, "epoch", "batch", "has_validation", "try_get_value", "create", "monitors" };

    private MetricCatalog(List<MetricSpec> training) => Training = training;

    /// <summary>The training metrics, <c>loss</c> first.</summary>
    public IReadOnlyList<MetricSpec> Training { get; }

    /// <summary>Every name available at epoch end: training metrics, their val_ twins, learning_rate.</summary>
    public IEnumerable<string> EpochNames =>
        Training.Select(m => m.Name).Concat(Training.Where(m => m.HasValidation).Select(m => MetricNames.Validation(m.Name))).Concat(new[] { MetricNames.LearningRate });

    /// <summary>Every metric name available at batch end: the running training metrics.</summary>
    public IEnumerable<string> BatchNames => Training.Select(m => m.Name);

    public bool TryResolve(string name, out ResolvedMetric metric)
    {
        if (name == MetricNames.LearningRate)
        {
            metric = new ResolvedMetric(name, "LearningRate", false, MetricDirection.Unknown);
            return true;
        }

        var isValidation = MetricNames.IsValidation(name);
        var trainingName = MetricNames.Training(name);
        foreach (var training in Training)
        {
            if (training.Name != trainingName || (isValidation && !training.HasValidation)) continue;
            metric = new ResolvedMetric(name, isValidation ? MetricNames.ValidationMember(training.Member) : training.Member, isValidation, training.Direction);
            return true;
        }

        metric = default;
        return false;
    }

    /// <summary>Whether a metric is computed from the step's output and target (the built-ins, and methods of (output, target)).</summary>
    public static bool NeedsOutputAndTarget(MetricSpec metric) => metric.Kind is not (MetricKind.Loss or MetricKind.UserOfResult or MetricKind.GradientNorm);

    public static MetricCatalog Read(INamedTypeSymbol type, ParseContext context, StepSpec? step)
    {
        var metrics = new List<MetricSpec> { new(MetricNames.Loss, "Loss", MetricDirection.Minimize, MetricKind.Loss, 0, null, false, "the loss function") };
        foreach (var attribute in type.GetAttributes())
        {
            var name = AttributeNames.Of(attribute);
            var builtIn = BuiltIn.FirstOrDefault(m => m.Attribute.FullName == name);
            var reader = new AttributeReader(attribute, type);
            if (builtIn.Attribute is null || !reader.IsBound) continue;
            var threshold = builtIn.Kind == MetricKind.BinaryAccuracy ? reader.Settings<BinaryAccuracyAttribute>().Threshold : 0;
            metrics.Add(new MetricSpec(builtIn.Name, Naming.ToPascalCase(builtIn.Name), builtIn.Direction, builtIn.Kind, threshold, null, false, "[" + SettingsText.Name(attribute.AttributeClass!.Name) + "]"));
        }

        foreach (var method in type.GetMembers().OfType<IMethodSymbol>())
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            var attribute = method.GetAttributes().FirstOrDefault(a => AttributeNames.Is(a, MetricAttributeName));
            if (attribute is null) continue;
            var reader = new AttributeReader(attribute, method);
            if (!reader.IsBound) continue;

            var ofResult = step is { Result.IsLoss: false } && IsResultMetric(method, step.Result.Type);
            if (!ofResult && !IsMetricSignature(method))
            {
                context.Report(DiagnosticDescriptors.MetricMethodSignature, () => method.Locations.FirstOrDefault(), method.Name);
                continue;
            }

            var settings = reader.Settings<MetricAttribute>();
            var name = settings.Name ?? Naming.ToSnakeCase(method.Name);
            var problem = NameProblem(name, metrics);
            if (problem is not null)
            {
                context.Report(DiagnosticDescriptors.InvalidMetricName, () => reader.Has(nameof(MetricAttribute.Name)) ? reader.Location(nameof(MetricAttribute.Name)) : method.Locations.FirstOrDefault(), name, problem);
                continue;
            }

            metrics.Add(new MetricSpec(name, Naming.ToPascalCase(name), settings.Direction, ofResult ? MetricKind.UserOfResult : MetricKind.User, 0, method.Name, method.IsStatic, "[Metric] " + method.Name));
        }

        if (step is { Gradients: { LogsNorm: true } gradients })
        {
            if (metrics.Any(m => m.Name == MetricNames.GradientNorm))
                context.Report(DiagnosticDescriptors.InvalidMetricName, () => type.Locations.FirstOrDefault(), MetricNames.GradientNorm, "is the name [ClipGradients(LogNorm = true)] gives the gradients' norm; choose another name");
            else
                metrics.Add(new MetricSpec(MetricNames.GradientNorm, "GradNorm", MetricDirection.Unknown, MetricKind.GradientNorm, 0, null, false, gradients.ClippingDescription!));
        }

        return new MetricCatalog(metrics);
    }

    private static bool IsMetricSignature(IMethodSymbol method) =>
        method.MethodKind == MethodKind.Ordinary
        && !method.IsGenericMethod
        && method.Parameters.Length == 2
        && method.Parameters.All(p => p.RefKind == RefKind.None && TorchSharpTypes.IsNonNullTensor(p.Type))
        && TorchSharpTypes.IsNonNullTensor(method.ReturnType);

    // Tensor M(TResult result), for a step that returns a type of its own.
    private static bool IsResultMetric(IMethodSymbol method, string resultType) =>
        method.MethodKind == MethodKind.Ordinary
        && !method.IsGenericMethod
        && method.Parameters.Length == 1
        && method.Parameters[0].RefKind is RefKind.None or RefKind.In
        && method.Parameters[0].Type.ToDisplayString(StepReader.Qualified) == resultType
        && TorchSharpTypes.IsNonNullTensor(method.ReturnType);

    private static string? NameProblem(string name, List<MetricSpec> existing)
    {
        if (!Naming.IsSnakeCase(name)) return "is not snake_case; use lower-case letters, digits and single underscores, starting with a letter (e.g. 'top2_accuracy')";
        if (MetricNames.IsValidation(name)) return "starts with 'val_', which is reserved for the validation twin of every metric";
        if (Reserved.Contains(name)) return "is reserved; choose another name";
        if (existing.Any(m => m.Name == name)) return "is already used by another metric of this model; choose another name";
        return null;
    }
}
