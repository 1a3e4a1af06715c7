namespace Declarative;

/// <summary>
/// A parameter registered under a second name (tied weights: <c>decoder.weight = encoder.weight</c>), which a
/// <see cref="ModelSummary"/> counts once.
/// </summary>
/// <param name="Name">The second name (<c>decoder.weight</c>).</param>
/// <param name="SameAs">The name it was first registered under, in module order (<c>encoder.weight</c>).</param>
public readonly record struct SharedParameter(string Name, string SameAs);
