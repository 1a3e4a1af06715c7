using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Declarative.Generators.Helpers;
using Declarative.Generators.Models;
using Microsoft.CodeAnalysis;

namespace Declarative.Generators.Parsing;

/// <summary>
/// What the generator reads of the runtime library itself: the hooks and persistence of each built-in callback's type,
/// and Fit's options. They depend on the library alone, so they are read once per library: Roslyn keeps the same symbol
/// for a referenced assembly across the compilations of edits elsewhere, and a re-run finds them here. Only data is kept
/// (no symbol), and only as long as the assembly symbol lives.
/// </summary>
internal static class RuntimeFacts
{
    private static readonly ConditionalWeakTable<IAssemblySymbol, Facts> ByLibrary = new();

    /// <summary>The hooks and persistence of the library's type <paramref name="metadataName"/>, or null when it has none of that name.</summary>
    public static (EquatableArray<HookCall> Hooks, bool IsPersistent)? CallbackType(IAssemblySymbol library, string metadataName) =>
        ByLibrary.GetValue(library, _ => new Facts()).Types.GetOrAdd(metadataName, name =>
            library.GetTypeByMetadataName(name) is { } type ? (CallbackHooks.Of(type, _ => true, out _), CallbackHooks.IsPersistent(type)) : null);

    /// <summary>Fit's options, as <see cref="FitOptionsReader"/> reads them from the library.</summary>
    public static EquatableArray<OptionSpec> FitOptions(IAssemblySymbol? library) =>
        library is null ? EquatableArray<OptionSpec>.Empty : ByLibrary.GetValue(library, _ => new Facts()).Options ??= FitOptionsReader.Read(library);

    private sealed class Facts
    {
        public ConcurrentDictionary<string, (EquatableArray<HookCall> Hooks, bool IsPersistent)?> Types { get; } = new();

        public EquatableArray<OptionSpec>? Options { get; set; }
    }
}
