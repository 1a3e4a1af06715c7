using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Declarative.Generators.Parsing;

/// <summary>
/// Collects what the parser finds wrong. The analyzer passes a list to receive diagnostics with their exact locations;
/// the generator passes none and only learns whether the model is valid (locations are then never computed).
/// </summary>
internal sealed class ParseContext
{
    private readonly List<Diagnostic>? _diagnostics;

    public ParseContext(List<Diagnostic>? diagnostics, CancellationToken cancellationToken)
    {
        _diagnostics = diagnostics;
        CancellationToken = cancellationToken;
    }

    public CancellationToken CancellationToken { get; }

    public bool HasErrors { get; private set; }

    public void Report(DiagnosticDescriptor descriptor, Func<Location?> location, params object?[] arguments) =>
        Report(descriptor, location, ImmutableDictionary<string, string?>.Empty, arguments);

    /// <summary>Reports a problem, with properties that tell its code fix what to do.</summary>
    public void Report(DiagnosticDescriptor descriptor, Func<Location?> location, ImmutableDictionary<string, string?> properties, params object?[] arguments) =>
        Report(descriptor, location, () => null, properties, arguments);

    /// <summary>Reports a problem at <paramref name="location"/> whose cause (what its code fix changes) is at <paramref name="cause"/>, elsewhere.</summary>
    public void Report(DiagnosticDescriptor descriptor, Func<Location?> location, Func<Location?> cause, ImmutableDictionary<string, string?> properties, params object?[] arguments)
    {
        if (descriptor.DefaultSeverity == DiagnosticSeverity.Error) HasErrors = true;
        if (_diagnostics is null) return;
        var additional = cause() is { IsInSource: true } at ? new[] { at } : null;
        _diagnostics.Add(Diagnostic.Create(descriptor, location(), additional, properties, arguments));
    }
}
