using System.Collections.Generic;
using System.Linq;
using Declarative.Generators.Callbacks;
using Microsoft.CodeAnalysis;

namespace Declarative.Generators.Parsing;

/// <summary>
/// Recognises Declarative's attributes without formatting symbols: every pass over a model's attributes asks this, and
/// most attributes on a class are someone else's.
/// </summary>
internal static class AttributeNames
{
    // Every attribute that makes a class a model, by its simple name.
    private static readonly Dictionary<string, string> Known =
        CallbackKinds.ClassTriggers.Concat(CallbackKinds.MethodTriggers).ToDictionary(name => name.Substring(name.LastIndexOf('.') + 1));

    /// <summary>The metadata name (<c>Declarative.EarlyStoppingAttribute</c>) of one of Declarative's attributes, or null for any other.</summary>
    public static string? Of(AttributeData attribute)
    {
        var type = attribute.AttributeClass;
        if (type is null || !Known.TryGetValue(type.MetadataName, out var name)) return null;
        return type.ContainingNamespace is { Name: "Declarative", ContainingNamespace.IsGlobalNamespace: true } ? name : null;
    }

    /// <summary>Whether an attribute is the one named <paramref name="name"/> (a metadata name from this library).</summary>
    public static bool Is(AttributeData attribute, string name) => ReferenceEquals(Of(attribute), name) || Of(attribute) == name;
}
