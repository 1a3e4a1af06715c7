using System.Linq;
using Declarative.Generators.Helpers;
using Declarative.Generators.Models;
using Microsoft.CodeAnalysis;

namespace Declarative.Generators.Parsing;

/// <summary>
/// The options every generated <c>Fit</c> takes, read from the runtime's <c>FitOptions</c> record: each property it can
/// initialize becomes a parameter of the same name in camelCase, defaulting to <c>default</c>, and the record carries them
/// to the training loop. An option added to the record is a parameter of every model's Fit, with no change here.
/// </summary>
internal static class FitOptionsReader
{
    public const string MetadataName = "Declarative.FitOptions";

    /// <summary>The options, in the record's order; empty when the runtime library has no such record (a broken reference).</summary>
    /// <param name="runtime">The runtime library the model's attributes come from.</param>
    public static EquatableArray<OptionSpec> Read(IAssemblySymbol? runtime)
    {
        if (runtime?.GetTypeByMetadataName(MetadataName) is not { } record) return EquatableArray<OptionSpec>.Empty;
        return record.GetMembers().OfType<IPropertySymbol>()
            .Where(p => p.DeclaredAccessibility == Accessibility.Public && !p.IsStatic && p.SetMethod is { DeclaredAccessibility: Accessibility.Public } && p.Name != "EqualityContract")
            .Select(p => new OptionSpec(p.Type.ToDisplayString(StepReader.Qualified), p.Name))
            .ToEquatableArray();
    }
}
