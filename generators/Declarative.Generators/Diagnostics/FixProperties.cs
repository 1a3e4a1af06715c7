using System.Collections.Generic;
using System.Collections.Immutable;

namespace Declarative.Generators.Diagnostics;

/// <summary>The diagnostic properties code fixes read (shared by the analyzer and the code-fix assembly).</summary>
internal static class FixProperties
{
    /// <summary>Names to offer instead of the one at fault, closest first, separated by <see cref="Separator"/>.</summary>
    public const string Candidates = "Candidates";

    /// <summary>The name of a method to create.</summary>
    public const string MethodName = "MethodName";

    /// <summary>The parameter list a method should have (<c>int epoch, NetLogs logs</c>).</summary>
    public const string Parameters = "Parameters";

    /// <summary>An attribute to add to the model class (<c>Accuracy</c>), which provides the name at fault.</summary>
    public const string Attribute = "Attribute";

    /// <summary>The text a string argument should have instead (a path with <c>{model}</c> in it).</summary>
    public const string Replacement = "Replacement";

    public const char Separator = '|';

    public static ImmutableDictionary<string, string?> Of(string key, string value) =>
        ImmutableDictionary<string, string?>.Empty.Add(key, value);

    public static ImmutableDictionary<string, string?> OfCandidates(IEnumerable<string> candidates) =>
        Of(Candidates, string.Join(Separator.ToString(), candidates));
}
