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
    public void Report(DiagnosticDescriptor descriptor, Func<Location?> location, ImmutableDictionary<string, string?> properties, params object?[] arguments)
    {
        if (descriptor.DefaultSeverity == DiagnosticSeverity.Error) HasErrors = true;
        _diagnostics?.Add(Diagnostic.Create(descriptor, location(), properties, arguments));
    }
}
