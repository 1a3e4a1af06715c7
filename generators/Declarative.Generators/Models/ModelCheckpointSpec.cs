using Declarative.Generators.Helpers;

namespace Declarative.Generators.Models;

/// <summary>A piece of a checkpoint file name: literal text, or a placeholder resolved to what it formats.</summary>
/// <param name="Text">The literal text, or the placeholder's name.</param>
/// <param name="Format">The Python format specification (empty when none).</param>
/// <param name="Member">For a metric placeholder, the logs member; null for literals, epoch and batch.</param>
/// <param name="IsValidation">Whether the member is nullable (a val_* metric).</param>
internal sealed record PathSegmentSpec(string Text, bool IsPlaceholder, string Format, string? Member, bool IsValidation);

/// <summary>One <c>[ModelCheckpoint]</c> attribute, validated.</summary>
/// <param name="Monitor">The monitored metric when saving best only, else null.</param>
/// <param name="SaveFrequency">0 at epoch ends, N ≥ 1 every N batches.</param>
internal sealed record ModelCheckpointSpec(
    string Property,
    string Attribute,
    string FilePath,
    EquatableArray<PathSegmentSpec> Path,
    MonitorSpec? Monitor,
    bool SaveBestOnly,
    bool SaveWeightsOnly,
    int SaveFrequency,
    double? InitialValueThreshold,
    bool Verbose)
{
    public bool IsBatchLevel => SaveFrequency > 0;
}
