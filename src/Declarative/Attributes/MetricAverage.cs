// Shared by the runtime library and the source generator (linked into both), so it stays netstandard2.0-compatible.
#nullable enable

namespace Declarative;

/// <summary>How a classification metric of several classes (precision, recall, F-scores) combines them.</summary>
public enum MetricAverage
{
    /// <summary>Counts every decision of every class together, then computes the metric once (Keras's <c>"micro"</c>; for one output, the binary metric).</summary>
    Micro,

    /// <summary>Computes the metric per class, then takes the plain mean (Keras's <c>"macro"</c>): every class counts the same, however rare. Needs <c>Classes</c>.</summary>
    Macro,

    /// <summary>Computes the metric per class, then weights each by its number of positive targets (Keras's <c>"weighted"</c>). Needs <c>Classes</c>.</summary>
    Weighted,
}
