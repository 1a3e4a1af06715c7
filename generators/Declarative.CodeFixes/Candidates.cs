using System;
using System.Collections.Generic;
using Declarative.Generators.Diagnostics;
using Microsoft.CodeAnalysis;

namespace Declarative.CodeFixes;

/// <summary>Reads the names a diagnostic suggests (see <see cref="FixProperties.Candidates"/>).</summary>
internal static class Candidates
{
    public static IEnumerable<string> Of(Diagnostic diagnostic) =>
        diagnostic.Properties.TryGetValue(FixProperties.Candidates, out var candidates) && !string.IsNullOrEmpty(candidates)
            ? candidates!.Split(new[] { FixProperties.Separator }, StringSplitOptions.RemoveEmptyEntries)
            : Array.Empty<string>();
}
