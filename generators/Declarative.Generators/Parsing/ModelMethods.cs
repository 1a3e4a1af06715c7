using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Declarative.Generators.Parsing;

/// <summary>The methods of a model an attribute may name with <c>nameof</c> (a schedule, a scheduler's factory).</summary>
internal static class ModelMethods
{
    /// <summary>The model's own methods of that name (any accessibility) and its base classes' non-private ones; every method when <paramref name="name"/> is null.</summary>
    public static IEnumerable<IMethodSymbol> Named(INamedTypeSymbol type, string? name)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            var members = name is null ? current.GetMembers() : current.GetMembers(name);
            foreach (var method in members.OfType<IMethodSymbol>())
            {
                if (method.MethodKind == MethodKind.Ordinary && (SymbolEqualityComparer.Default.Equals(current, type) || method.DeclaredAccessibility != Accessibility.Private))
                    yield return method;
            }
        }
    }

    /// <summary>The static method of the model whose name is closest to <paramref name="name"/>, for "did you mean", or null.</summary>
    public static string? ClosestStatic(INamedTypeSymbol type, string name) =>
        Naming.ClosestMatch(name, Named(type, null).Where(m => m.IsStatic).Select(m => m.Name).Distinct());
}
