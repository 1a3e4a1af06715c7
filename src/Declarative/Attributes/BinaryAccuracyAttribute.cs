// Shared by the runtime library and the source generator (linked into both), so it stays netstandard2.0-compatible.
#nullable enable

using System;

namespace Declarative;

/// <summary>
/// Adds the <c>binary_accuracy</c> metric (and <c>val_binary_accuracy</c>): the fraction of elements where
/// <c>output &gt; Threshold</c> equals <c>target &gt; 0.5</c>, as Keras's <c>BinaryAccuracy</c>. Maximised.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class BinaryAccuracyAttribute : Attribute
{
    /// <summary>
    /// The decision threshold applied to the output. Default 0.5 for probabilities (after a sigmoid);
    /// use 0 for logits (e.g. with <c>BCEWithLogitsLoss</c>).
    /// </summary>
    public double Threshold { get; set; } = 0.5;
}
