using System.Linq;
using Declarative.Generators.Callbacks;
using Microsoft.CodeAnalysis;

namespace Declarative.Generators.Parsing;

/// <summary>
/// A model class usually carries several of our attributes, and each attribute name has its own
/// ForAttributeWithMetadataName pipeline. Exactly one of them produces the model: the one for the first of our attributes
/// on the class in declaration order, or, for a class whose only attributes are on methods, the first such method.
/// This keeps one output per model without collecting all models into one array (which would defeat per-model caching).
/// </summary>
internal static class PrimaryTrigger
{
    public static bool Is(GeneratorAttributeSyntaxContext context, INamedTypeSymbol type)
    {
        var first = type.GetAttributes().FirstOrDefault(a => AttributeNames.Of(a) is { } name && CallbackKinds.ClassTriggers.Contains(name));
        if (first is not null)
        {
            return context.TargetSymbol is INamedTypeSymbol && context.Attributes.Any(a => SameApplication(a, first));
        }

        var firstMethod = type.GetMembers().OfType<IMethodSymbol>().FirstOrDefault(m =>
            m.GetAttributes().Any(a => AttributeNames.Of(a) is { } name && CallbackKinds.MethodTriggers.Contains(name)));
        return firstMethod is not null && SymbolEqualityComparer.Default.Equals(context.TargetSymbol, firstMethod);
    }

    private static bool SameApplication(AttributeData a, AttributeData b) =>
        a.ApplicationSyntaxReference is { } left
        && b.ApplicationSyntaxReference is { } right
        && left.SyntaxTree == right.SyntaxTree
        && left.Span == right.Span;
}
