using System;
using System.Collections.Generic;
using System.Linq;
using Declarative.Generators.Helpers;
using Declarative.Generators.Models;
using Declarative.Training;
using Microsoft.CodeAnalysis;

namespace Declarative.Generators.Parsing;

/// <summary>
/// The hooks a callback's type handles, read from the hook interfaces it implements (the rows of <see cref="HookTable"/>):
/// a built-in callback's runtime type and a user callback's type alike. The dispatcher calls exactly these.
/// </summary>
internal static class CallbackHooks
{
    private static readonly Dictionary<string, (HookDefinition Hook, int Arity)> ByInterface =
        HookTable.All.SelectMany(h => h.Interfaces.Select(i => (i.Interface, Row: (h, i.Arity)))).ToDictionary(i => i.Interface, i => i.Row);

    /// <summary>Every hook interface's name, for messages.</summary>
    public static string InterfaceNames => string.Join(", ", ByInterface.Keys.Select(name => name.Substring(name.IndexOf('.') + 1)));

    /// <summary>
    /// The hooks <paramref name="type"/> handles, in hook order; <paramref name="problem"/> says why it cannot serve the
    /// model when a generic hook interface is implemented for logs that <paramref name="fitsLogs"/> rejects.
    /// </summary>
    public static EquatableArray<HookCall> Of(INamedTypeSymbol type, Func<ITypeSymbol, bool> fitsLogs, out ITypeSymbol? otherLogs)
    {
        otherLogs = null;
        var calls = new List<HookCall>();
        foreach (var implemented in type.AllInterfaces)
        {
            if (!ByInterface.TryGetValue(implemented.OriginalDefinition.ToDisplayString(), out var row)) continue;
            if (implemented.IsGenericType && !fitsLogs(implemented.TypeArguments[0]))
            {
                otherLogs = implemented.TypeArguments[0];
                continue;
            }

            var method = implemented.GetMembers(row.Hook.Method).OfType<IMethodSymbol>().FirstOrDefault();
            var implementation = method is null ? null : type.FindImplementationForInterfaceMember(method) as IMethodSymbol;
            var direct = implementation is { MethodKind: MethodKind.Ordinary, DeclaredAccessibility: Accessibility.Public } && implementation.Name == row.Hook.Method
                         || (implementation is { MethodKind: MethodKind.ExplicitInterfaceImplementation } && !type.Locations.Any(l => l.IsInSource) && HasPublic(type, method!));
            calls.Add(new HookCall(row.Hook.Hook, row.Arity, ThroughInterface: !direct));
        }

        return calls.OrderBy(c => Array.FindIndex(HookTable.All, h => h.Hook == c.Hook)).ThenBy(c => c.Arity).ToEquatableArray();
    }

    // The compiler implements an interface method with an `in` parameter through a hidden bridge that calls the public
    // method of the same signature; a type from a referenced assembly shows that bridge, and the public method is the one to call.
    private static bool HasPublic(INamedTypeSymbol type, IMethodSymbol method) =>
        type.GetMembers(method.Name).OfType<IMethodSymbol>().Any(m =>
            m is { IsStatic: false, MethodKind: MethodKind.Ordinary, DeclaredAccessibility: Accessibility.Public }
            && m.Parameters.Length == method.Parameters.Length
            && m.Parameters.Zip(method.Parameters, (a, b) => a.RefKind == b.RefKind && SymbolEqualityComparer.Default.Equals(a.Type, b.Type)).All(same => same));

    /// <summary>Whether the type keeps state for backups (<c>IPersistentState</c>).</summary>
    public static bool IsPersistent(INamedTypeSymbol type) => type.AllInterfaces.Any(i => i.ToDisplayString() == KnownNames.IPersistentState);
}
