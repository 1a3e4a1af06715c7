using System;
using System.Collections.Generic;
using System.Linq;
using Declarative.Generators.Emitting;
using Declarative.Generators.Models;
using Declarative.Metrics;

namespace Declarative.Generators.Parsing;

/// <summary>
/// One kind of metric declared by an attribute on the model (<c>[Precision(Threshold = 0.3)]</c>), as a row of
/// <see cref="MetricKinds.All"/>: the attribute, which gives its name, direction, settings and range rules
/// (<c>IMetricSettings</c>), and its runtime accumulator, constructed from the attribute and fed each batch's output and
/// target (<c>Update(output, target)</c>).
/// </summary>
internal sealed class MetricKind
{
    private MetricKind(Type attribute, string accumulator, IMetricSettings defaults)
    {
        Attribute = attribute;
        AccumulatorType = accumulator;
        DefaultName = defaults.Name;
        Direction = defaults.Direction;
    }

    /// <summary>The attribute that declares it.</summary>
    public Type Attribute { get; }

    /// <summary>Its runtime accumulator, fully qualified: <c>global::Declarative.Metrics.Precision</c>.</summary>
    public string AccumulatorType { get; }

    /// <summary>The name the attribute gives unless told otherwise (Keras's): <c>precision</c>.</summary>
    public string DefaultName { get; }

    /// <summary>Whether smaller or larger is better.</summary>
    public MetricDirection Direction { get; }

    /// <summary>A kind declared by <typeparamref name="TAttribute"/>, accumulated by <paramref name="accumulator"/>.</summary>
    public static MetricKind Of<TAttribute>(string accumulator) where TAttribute : Attribute, IMetricSettings, new() =>
        new(typeof(TAttribute), accumulator, new TAttribute());

    /// <summary>A kind declared by an attribute with a constructor argument, whose defaults are those of <paramref name="defaults"/>.</summary>
    public static MetricKind Of<TAttribute>(string accumulator, TAttribute defaults) where TAttribute : Attribute, IMetricSettings =>
        new(typeof(TAttribute), accumulator, defaults);

    /// <summary>Reads one application of the attribute: its settings in range (DCB0015), or null.</summary>
    public MetricSpec? Read(AttributeReader reader, ParseContext problems)
    {
        var settings = (IMetricSettings)reader.Settings(Attribute);
        if (!Rules.InRange(reader, problems, settings)) return null;
        var (description, code) = Rules.Describe(settings);
        var construction = CallbackCode.SettingsOnOneLine("global::" + Attribute.FullName, code);
        return new MetricSpec(
            settings.Name,
            Naming.ToPascalCase(settings.Name),
            settings.Direction,
            MetricSource.Batches,
            MetricInput.OutputAndTarget,
            $"new {AccumulatorType}({construction}, device)",
            $"(({AccumulatorType}){{0}}).Update(output, target)",
            description);
    }
}

/// <summary>
/// Every kind of metric a model can declare by attribute, one row each: the generator's triggers, the metrics a model
/// produces and the compiler's hints (DCB0004: which attribute provides a name) come from this table. Adding a metric is
/// adding a row, its attribute and its accumulator: see docs/contributing.md. The metrics every model has (the loss, the
/// learning rate) and those of <c>[Metric]</c> methods and <c>[ClipGradients(LogNorm = true)]</c> are read by
/// <see cref="MetricCatalog"/>.
/// </summary>
internal static class MetricKinds
{
    public static readonly MetricKind[] All =
    [
        MetricKind.Of<AccuracyAttribute>("global::Declarative.Metrics.Accuracy"),
        MetricKind.Of<BinaryAccuracyAttribute>("global::Declarative.Metrics.BinaryAccuracy"),
        MetricKind.Of<MeanAbsoluteErrorAttribute>("global::Declarative.Metrics.MeanAbsoluteError"),
        MetricKind.Of<MeanSquaredErrorAttribute>("global::Declarative.Metrics.MeanSquaredError"),
        MetricKind.Of<PrecisionAttribute>("global::Declarative.Metrics.Precision"),
        MetricKind.Of<RecallAttribute>("global::Declarative.Metrics.Recall"),
        MetricKind.Of<F1ScoreAttribute>("global::Declarative.Metrics.FBetaScore"),
        MetricKind.Of<FBetaScoreAttribute>("global::Declarative.Metrics.FBetaScore"),
        MetricKind.Of<AUCAttribute>("global::Declarative.Metrics.Auc"),
        MetricKind.Of<PrecisionAtRecallAttribute>("global::Declarative.Metrics.PrecisionAtRecall", new PrecisionAtRecallAttribute(0.5)),
        MetricKind.Of<RecallAtPrecisionAttribute>("global::Declarative.Metrics.RecallAtPrecision", new RecallAtPrecisionAttribute(0.5)),
        MetricKind.Of<TruePositivesAttribute>("global::Declarative.Metrics.TruePositives"),
        MetricKind.Of<FalsePositivesAttribute>("global::Declarative.Metrics.FalsePositives"),
        MetricKind.Of<TrueNegativesAttribute>("global::Declarative.Metrics.TrueNegatives"),
        MetricKind.Of<FalseNegativesAttribute>("global::Declarative.Metrics.FalseNegatives"),
        MetricKind.Of<TopKAccuracyAttribute>("global::Declarative.Metrics.TopKAccuracy"),
        MetricKind.Of<RootMeanSquaredErrorAttribute>("global::Declarative.Metrics.RootMeanSquaredError"),
        MetricKind.Of<MeanAbsolutePercentageErrorAttribute>("global::Declarative.Metrics.MeanAbsolutePercentageError"),
        MetricKind.Of<MeanSquaredLogarithmicErrorAttribute>("global::Declarative.Metrics.MeanSquaredLogarithmicError"),
        MetricKind.Of<CosineSimilarityAttribute>("global::Declarative.Metrics.CosineSimilarity"),
        MetricKind.Of<R2ScoreAttribute>("global::Declarative.Metrics.R2Score"),
    ];

    /// <summary>The kind each attribute declares, by the attribute's metadata name.</summary>
    public static readonly IReadOnlyDictionary<string, MetricKind> ByAttribute = All.ToDictionary(k => k.Attribute.FullName!);
}
