using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Declarative.Generators.Parsing;

/// <summary>Conversions between Keras metric names and C# member names, and "did you mean" suggestions.</summary>
internal static class Naming
{
    /// <summary><c>val_top2_accuracy</c> → <c>ValTop2Accuracy</c>.</summary>
    public static string ToPascalCase(string snake)
    {
        var builder = new StringBuilder(snake.Length);
        foreach (var part in snake.Split('_'))
        {
            if (part.Length == 0) continue;
            builder.Append(char.ToUpperInvariant(part[0])).Append(part, 1, part.Length - 1);
        }

        return builder.ToString();
    }

    /// <summary><c>Left</c> → <c>left</c>, for parameter names.</summary>
    public static string ToCamelCase(string pascal) => pascal.Length == 0 ? pascal : char.ToLowerInvariant(pascal[0]) + pascal.Substring(1);

    /// <summary><c>Top2Accuracy</c> → <c>top2_accuracy</c>; <c>F1Score</c> → <c>f1_score</c>; <c>MAE</c> → <c>mae</c>.</summary>
    public static string ToSnakeCase(string pascal)
    {
        var builder = new StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            var c = pascal[i];
            if (char.IsUpper(c) && i > 0)
            {
                var previous = pascal[i - 1];
                var nextIsLower = i + 1 < pascal.Length && char.IsLower(pascal[i + 1]);
                if (char.IsLower(previous) || char.IsDigit(previous) || (char.IsUpper(previous) && nextIsLower)) builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }

    /// <summary>Whether a name is snake_case: a lower-case letter, then lower-case letters, digits and single underscores.</summary>
    public static bool IsSnakeCase(string name) =>
        name.Length > 0
        && name[0] >= 'a' && name[0] <= 'z'
        && name.All(c => (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')
        && !name.EndsWith("_", StringComparison.Ordinal)
        && name.IndexOf("__", StringComparison.Ordinal) < 0;

    /// <summary>The closest candidate by edit distance, if it is close enough to be a likely typo.</summary>
    public static string? ClosestMatch(string name, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = EditDistance(name.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return best is not null && bestDistance <= Math.Max(2, name.Length / 3) ? best : null;
    }

    /// <summary>Candidates ordered by edit distance, closest first.</summary>
    public static IEnumerable<string> ByCloseness(string name, IEnumerable<string> candidates) =>
        candidates.OrderBy(c => EditDistance(name.ToLowerInvariant(), c.ToLowerInvariant())).ThenBy(c => c, StringComparer.Ordinal);

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
