using System.Collections.Generic;
using System.Linq;
using Declarative.Generators.Diagnostics;
using Declarative.Generators.Models;
using Microsoft.CodeAnalysis;

namespace Declarative.Generators.Parsing;

/// <summary>A metric name resolved against what the model produces.</summary>
internal readonly record struct ResolvedMetric(string Name, string Member, bool IsValidation, Direction Direction);

/// <summary>
/// The metrics a model produces, read from its attributes: <c>loss</c>, the declared metrics, their <c>val_</c> twins
/// and <c>learning_rate</c>; and name lookups for monitors and file-name placeholders.
/// </summary>
internal sealed class MetricCatalog
{
    public const string LearningRate = "learning_rate";
    private const string ValidationPrefix = "val_";

    private static readonly HashSet<string> Reserved = new() { "loss", LearningRate, "epoch", "batch", "has_validation", "try_get_value" };

    private MetricCatalog(List<MetricSpec> training) => Training = training;

    /// <summary>The training metrics, <c>loss</c> first.</summary>
    public IReadOnlyList<MetricSpec> Training { get; }

    /// <summary>Every name available at epoch end: training metrics, their val_ twins, learning_rate.</summary>
    public IEnumerable<string> EpochNames =>
        Training.Select(m => m.Name).Concat(Training.Select(m => ValidationPrefix + m.Name)).Concat(new[] { LearningRate });

    /// <summary>Every metric name available at batch end: the running training metrics.</summary>
    public IEnumerable<string> BatchNames => Training.Select(m => m.Name);

    public bool TryResolve(string name, out ResolvedMetric metric)
    {
        if (name == LearningRate)
        {
            metric = new ResolvedMetric(name, "LearningRate", false, Direction.Unknown);
            return true;
        }

        var isValidation = name.StartsWith(ValidationPrefix, System.StringComparison.Ordinal);
        var trainingName = isValidation ? name.Substring(ValidationPrefix.Length) : name;
        foreach (var training in Training)
        {
            if (training.Name != trainingName) continue;
            metric = new ResolvedMetric(name, (isValidation ? "Val" : string.Empty) + training.Member, isValidation, training.Direction);
            return true;
        }

        metric = default;
        return false;
    }

    public static MetricCatalog Read(INamedTypeSymbol type, ParseContext context)
    {
        var metrics = new List<MetricSpec> { new("loss", "Loss", Direction.Minimize, MetricKind.Loss, 0, null, false, "the loss function") };
        foreach (var attribute in type.GetAttributes())
        {
            var reader = new AttributeReader(attribute);
            var text = attribute.AttributeClass?.ToDisplayString();
            MetricSpec? metric = text switch
            {
                KnownNames.Accuracy => new("accuracy", "Accuracy", Direction.Maximize, MetricKind.Accuracy, 0, null, false, "[Accuracy]"),
                KnownNames.BinaryAccuracy => new("binary_accuracy", "BinaryAccuracy", Direction.Maximize, MetricKind.BinaryAccuracy, reader.Get("Threshold", 0.5), null, false, "[BinaryAccuracy]"),
                KnownNames.MeanAbsoluteError => new("mean_absolute_error", "MeanAbsoluteError", Direction.Minimize, MetricKind.MeanAbsoluteError, 0, null, false, "[MeanAbsoluteError]"),
                KnownNames.MeanSquaredError => new("mean_squared_error", "MeanSquaredError", Direction.Minimize, MetricKind.MeanSquaredError, 0, null, false, "[MeanSquaredError]"),
                _ => null,
            };
            if (metric is not null && reader.IsBound) metrics.Add(metric);
        }

        foreach (var method in type.GetMembers().OfType<IMethodSymbol>())
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            var attribute = method.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == KnownNames.Metric);
            if (attribute is null) continue;
            var reader = new AttributeReader(attribute);
            if (!reader.IsBound) continue;

            if (!IsMetricSignature(method))
            {
                context.Report(DiagnosticDescriptors.MetricMethodSignature, () => method.Locations.FirstOrDefault(), method.Name);
                continue;
            }

            var name = reader.Get<string?>("Name", null) ?? Naming.ToSnakeCase(method.Name);
            var problem = NameProblem(name, metrics);
            if (problem is not null)
            {
                context.Report(DiagnosticDescriptors.InvalidMetricName, () => reader.Has("Name") ? reader.Location("Name") : method.Locations.FirstOrDefault(), name, problem);
                continue;
            }

            var direction = (Direction)reader.Get("Direction", 0);
            metrics.Add(new MetricSpec(name, Naming.ToPascalCase(name), direction, MetricKind.User, 0, method.Name, method.IsStatic, "[Metric] " + method.Name));
        }

        return new MetricCatalog(metrics);
    }

    private static bool IsMetricSignature(IMethodSymbol method) =>
        method.MethodKind == MethodKind.Ordinary
        && !method.IsGenericMethod
        && method.Parameters.Length == 2
        && method.Parameters.All(p => p.RefKind == RefKind.None && p.Type.ToDisplayString() == KnownNames.Tensor)
        && method.ReturnType.ToDisplayString() == KnownNames.Tensor;

    private static string? NameProblem(string name, List<MetricSpec> existing)
    {
        if (!Naming.IsSnakeCase(name)) return "is not snake_case; use lower-case letters, digits and single underscores, starting with a letter (e.g. 'top2_accuracy')";
        if (name.StartsWith(ValidationPrefix, System.StringComparison.Ordinal)) return "starts with 'val_', which is reserved for the validation twin of every metric";
        if (Reserved.Contains(name)) return "is reserved; choose another name";
        if (existing.Any(m => m.Name == name)) return "is already used by another metric of this model; choose another name";
        return null;
    }
}
