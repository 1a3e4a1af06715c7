using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Declarative.Generators.Parsing;

/// <summary>
/// Models derived from models: a class with Declarative attributes whose base class (or a class above it) has some too
/// inherits that root model's logs type, metrics and steps, and adds its callbacks to those of every model above it.
/// </summary>
internal static class ModelChain
{
    /// <summary>Whether a class carries any of Declarative's attributes, on itself or on its methods.</summary>
    public static bool IsModel(INamedTypeSymbol type) =>
        type.GetAttributes().Any(a => AttributeNames.Of(a) is not null)
        || type.GetMembers().OfType<IMethodSymbol>().Any(m => m.GetAttributes().Any(a => AttributeNames.Of(a) is not null));

    /// <summary>The annotated classes from the topmost one (the root model, which has the logs type and the steps) down to <paramref name="type"/>.</summary>
    public static List<INamedTypeSymbol> Of(INamedTypeSymbol type)
    {
        var chain = new List<INamedTypeSymbol> { type };
        for (var current = type.BaseType; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            if (IsModel(current.OriginalDefinition)) chain.Insert(0, current.OriginalDefinition);
        }

        return chain;
    }
}
