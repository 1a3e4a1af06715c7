// Shared by the runtime library and the source generator (linked into both), so it stays netstandard2.0-compatible.
#nullable enable

namespace Declarative;

/// <summary>The curve whose area <c>[AUC]</c> computes.</summary>
public enum AucCurve
{
    /// <summary>The receiver operating characteristic: recall (true positive rate) against the false positive rate.</summary>
    ROC,

    /// <summary>Precision against recall, which says more than ROC when positives are rare.</summary>
    PR,
}

/// <summary>How <c>[AUC]</c> sums the area between two thresholds (Keras's <c>summation_method</c>).</summary>
public enum AucSummation
{
    /// <summary>The mean of the two heights for ROC; for PR, Davis and Goadrich's interpolation of precision (Keras's default).</summary>
    Interpolation,

    /// <summary>The lower of the two heights: an area from below.</summary>
    Minoring,

    /// <summary>The higher of the two heights: an area from above.</summary>
    Majoring,
}
