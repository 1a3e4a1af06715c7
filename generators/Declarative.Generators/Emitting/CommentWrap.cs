using System;
using System.Collections.Generic;
using System.Text;

namespace Declarative.Generators.Emitting;

/// <summary>
/// Comment text wrapped between words at <see cref="Width"/> columns, so that the plan reads in an editor or a terminal
/// 80 columns wide. A setting (<c>Patience = 3</c>) is one word, never split at its <c>=</c>; a word longer than a line
/// (a long path) is not broken: it goes on a line of its own.
/// </summary>
internal static class CommentWrap
{
    /// <summary>The columns a line of the plan fits in.</summary>
    public const int Width = 80;

    /// <summary>
    /// <paramref name="text"/> after <paramref name="lead"/> on the first line, and the rest on lines that start with
    /// <paramref name="indent"/>, each at most <paramref name="width"/> characters long unless a word alone is longer.
    /// </summary>
    public static IEnumerable<string> Lines(string lead, string indent, string text, int width = Width)
    {
        var line = new StringBuilder(lead);
        var hasWord = false;
        foreach (var word in Words(text))
        {
            if (hasWord && line.Length + 1 + word.Length > width)
            {
                yield return line.ToString();
                line.Clear().Append(indent);
                hasWord = false;
            }

            if (hasWord) line.Append(' ');
            line.Append(word);
            hasWord = true;
        }

        yield return line.ToString().TrimEnd();
    }

    // The words of the text, with an "=" joined to the words on either side of it.
    private static List<string> Words(string text)
    {
        var words = new List<string>();
        var joinNext = false;
        foreach (var part in text.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries))
        {
            if ((part == "=" || joinNext) && words.Count > 0)
            {
                words[words.Count - 1] += " " + part;
                joinNext = part == "=";
                continue;
            }

            words.Add(part);
            joinNext = false;
        }

        return words;
    }
}
