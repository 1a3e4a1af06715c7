using System;
using System.Collections.Generic;
using System.Linq;
using Declarative.Generators.Diagnostics;
using Declarative.Generators.Models;
using Declarative.Metrics;
using Microsoft.CodeAnalysis;

namespace Declarative.Generators.Parsing;

/// <summary>A metric name resolved against what the model produces.</summary>
internal readonly record struct ResolvedMetric(string Name, string Member, bool IsValidation, MetricDirection Direction, bool IsRunValue);

/// <summary>
/// The metrics a model produces, read from its attributes: <c>loss</c>, the declared metrics (<see cref="MetricKinds"/>
/// and <c>[Metric]</c> methods), <c>grad_norm</c> with <c>[ClipGradients(LogNorm = true)]</c>, <c>learning_rate</c>,
/// <c>samples_per_second</c> and <c>batches_per_second</c> with <c>[Throughput]</c>, and the <c>val_</c> twins of those
/// of batches; and name lookups for monitors and file-name placeholders.
/// </summary>
internal sealed class MetricCatalog
{
    /// <summary>The attribute that declares a model's method as a metric.</summary>
    public static readonly string MetricAttributeName = typeof(MetricAttribute).FullName!;

    /// <summary>The attribute that attaches a metric of one's own (a <c>StatefulMetric</c>).</summary>
    public static readonly string CustomMetricAttributeName = typeof(CustomMetricAttribute).FullName!;

    /// <summary>The attribute that adds the training throughput, two values of the run.</summary>
    public static readonly string ThroughputAttributeName = typeof(ThroughputAttribute).FullName!;

    /// <summary>Every attribute that declares a metric on the model class: the table's kinds, <c>[CustomMetric]</c> and <c>[Throughput]</c>.</summary>
    public static readonly IReadOnlyList<string> ClassAttributes = MetricKinds.ByAttribute.Keys.Append(CustomMetricAttributeName).Append(ThroughputAttributeName).ToArray();

    private const string StatefulMetricName = "Declarative.Metrics.StatefulMetric";

    // Names a declared metric cannot take: those of the values every model or [Throughput] adds, the placeholders, and
    // the logs type's own members.
    private static readonly HashSet<string> Reserved = new()
    {
        MetricNames.Loss, MetricNames.LearningRate, MetricNames.SamplesPerSecond, MetricNames.BatchesPerSecond,
        "epoch", "batch", "has_validation", "try_get_value", "create", "monitors",
    };

    private MetricCatalog(List<MetricSpec> training) => Training = training;

    /// <summary>Every metric, <c>loss</c> first, the run's values (<c>learning_rate</c>) last.</summary>
    public IReadOnlyList<MetricSpec> Training { get; }

    /// <summary>Every name available at epoch end: the training metrics, their val_ twins, then the run's values.</summary>
    public IEnumerable<string> EpochNames =>
        Training.Where(m => !m.IsRunValue).Select(m => m.Name)
            .Concat(Training.Where(m => m.HasValidation).Select(m => MetricNames.Validation(m.Name)))
            .Concat(Training.Where(m => m.IsRunValue).Select(m => m.Name));

    /// <summary>Every metric name available at batch end: the running training metrics.</summary>
    public IEnumerable<string> BatchNames => Training.Where(m => !m.IsRunValue).Select(m => m.Name);

    public bool TryResolve(string name, out ResolvedMetric metric)
    {
        var isValidation = MetricNames.IsValidation(name);
        var trainingName = MetricNames.Training(name);
        foreach (var training in Training)
        {
            if (training.Name != trainingName || (isValidation && !training.HasValidation)) continue;
            metric = new ResolvedMetric(name, isValidation ? MetricNames.ValidationMember(training.Member) : training.Member, isValidation, training.Direction, training.IsRunValue);
            return true;
        }

        metric = default;
        return false;
    }

    /// <summary>Whether a metric is computed from the step's output and target (the built-ins, and methods of (output, target)).</summary>
    public static bool NeedsOutputAndTarget(MetricSpec metric) => metric.Input == MetricInput.OutputAndTarget;

    // Where the loss comes from: the loss function Fit is given (the default step), or the loss the model's step returns.
    private static string LossOrigin(StepSpec? step) => step?.TrainMethod is { } method ? $"the loss {method} returns" : "the loss function";

    public static MetricCatalog Read(INamedTypeSymbol type, ParseContext context, StepSpec? step)
    {
        var metrics = new List<MetricSpec> { new(MetricNames.Loss, "Loss", MetricDirection.Minimize, MetricSource.Loss, MetricInput.None, null, null, LossOrigin(step)) };
        var throughput = false;
        foreach (var attribute in type.GetAttributes())
        {
            if (AttributeNames.Of(attribute) is not { } name) continue;
            var custom = name == CustomMetricAttributeName;
            if (!custom && !MetricKinds.ByAttribute.ContainsKey(name))
            {
                throughput |= name == ThroughputAttributeName;
                continue;
            }

            var reader = new AttributeReader(attribute, type);
            if (!reader.IsBound || (custom ? ReadCustom(reader, context) : MetricKinds.ByAttribute[name].Read(reader, context)) is not { } metric) continue;
            if (NameProblem(metric.Name, metrics) is { } problem)
            {
                context.Report(DiagnosticDescriptors.InvalidMetricName, () => reader.Has(nameof(MetricAttribute.Name)) ? reader.Location(nameof(MetricAttribute.Name)) : reader.Location(), metric.Name, problem);
                continue;
            }

            metrics.Add(metric);
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

            // Per-sample values, averaged: a running mean (the default accumulator).
            var owner = method.IsStatic ? type.ToDisplayString(StepReader.Qualified) : "_model";
            var values = ofResult ? $"{owner}.{method.Name}(_result)" : $"{owner}.{method.Name}(output, target)";
            metrics.Add(new MetricSpec(name, Naming.ToPascalCase(name), settings.Direction, MetricSource.Batches, ofResult ? MetricInput.Result : MetricInput.OutputAndTarget,
                null, $"((global::Declarative.Metrics.RunningMean){{0}}).Add({values})", "[Metric] " + method.Name));
        }

        if (step is { Gradients: { LogsNorm: true } gradients })
        {
            if (metrics.Any(m => m.Name == MetricNames.GradientNorm))
                context.Report(DiagnosticDescriptors.InvalidMetricName, () => type.Locations.FirstOrDefault(), MetricNames.GradientNorm, "is the name [ClipGradients(LogNorm = true)] gives the gradients' norm; choose another name");
            else
                metrics.Add(new MetricSpec(MetricNames.GradientNorm, "GradNorm", MetricDirection.Unknown, MetricSource.GradientNorm, MetricInput.None, null, null, gradients.ClippingDescription!));
        }

        metrics.Add(new MetricSpec(MetricNames.LearningRate, "LearningRate", MetricDirection.Unknown, MetricSource.LearningRate, MetricInput.None, null, null, "the first parameter group's rate during the epoch"));
        if (throughput)
        {
            const string origin = "[Throughput]: the epoch's training batches, timed on the host";
            metrics.Add(new MetricSpec(MetricNames.SamplesPerSecond, "SamplesPerSecond", MetricDirection.Maximize, MetricSource.SamplesPerSecond, MetricInput.None, null, null, origin));
            metrics.Add(new MetricSpec(MetricNames.BatchesPerSecond, "BatchesPerSecond", MetricDirection.Maximize, MetricSource.BatchesPerSecond, MetricInput.None, null, null, origin));
        }

        return new MetricCatalog(metrics);
    }

    // [CustomMetric(typeof(T))]: a StatefulMetric the generated code constructs on the device and feeds each batch.
    private static MetricSpec? ReadCustom(AttributeReader reader, ParseContext context)
    {
        if (reader.TypeArgument(0) is not INamedTypeSymbol type) return null;
        if (CustomMetricProblem(type) is { } problem)
        {
            context.Report(DiagnosticDescriptors.InvalidCustomMetric, () => reader.Location(0), type.ToDisplayString(), problem);
            return null;
        }

        var settings = reader.Settings<CustomMetricAttribute>();
        var name = settings.Name ?? Naming.ToSnakeCase(type.Name);
        var qualified = type.ToDisplayString(StepReader.Qualified);
        return new MetricSpec(name, Naming.ToPascalCase(name), settings.Direction, MetricSource.Batches, MetricInput.OutputAndTarget,
            $"new {qualified}(device)", $"(({qualified}){{0}}).Add(output, target)", $"[CustomMetric(typeof({type.Name}))]");
    }

    private static string? CustomMetricProblem(INamedTypeSymbol type)
    {
        var derives = false;
        for (var b = type.BaseType; b is not null && !derives; b = b.BaseType) derives = b.ToDisplayString() == StatefulMetricName;
        if (type.TypeKind != TypeKind.Class || !derives) return "it does not derive from " + StatefulMetricName;
        if (type.IsAbstract) return "it is abstract; the generator creates an instance of it";
        if (type.IsGenericType) return "it is generic; pass a closed, non-generic type";
        var device = type.InstanceConstructors.Any(c => c.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal
            && c.Parameters.Length == 1 && c.Parameters[0].Type.ToDisplayString() == "TorchSharp.torch.Device");
        return device ? null : "it has no public constructor taking the Device (MyMetric(Device device) : base(device))";
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
