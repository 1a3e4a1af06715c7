namespace Declarative.Generators;

/// <summary>The names of the pipeline's steps, for incrementality tests.</summary>
internal static class TrackingNames
{
    /// <summary>The parsed model of each annotated class (null for invalid ones and for non-primary triggers).</summary>
    public const string Model = "Model";

    /// <summary>The valid models, which produce a source file each.</summary>
    public const string ValidModel = "ValidModel";
}
