// Shared by the runtime library and the source generator (linked into both), so it stays netstandard2.0-compatible.
#nullable enable

using System.Collections.Generic;
using System.Text;

namespace Declarative.Formatting;

/// <summary>One piece of a path template: literal text, or a named placeholder with its format specification.</summary>
internal readonly struct TemplateSegment
{
    public TemplateSegment(string text, bool isPlaceholder, string format, int offset)
    {
        Text = text;
        IsPlaceholder = isPlaceholder;
        Format = format;
        Offset = offset;
    }

    /// <summary>The literal text (braces unescaped), or the placeholder's name.</summary>
    public string Text { get; }

    public bool IsPlaceholder { get; }

    /// <summary>The placeholder's format specification (after <c>:</c>), empty when none.</summary>
    public string Format { get; }

    /// <summary>Where the segment starts in the template (for diagnostics).</summary>
    public int Offset { get; }
}

/// <summary>
/// Parses file-name templates written the way Keras users write them for Python's <c>str.format</c>:
/// <c>checkpoints/net-{epoch:02d}-{val_loss:.3f}.bin</c>, with <c>{{</c> and <c>}}</c> for literal braces.
/// Only named placeholders are allowed (no positional <c>{}</c>, attribute access, indexing or <c>!r</c> conversions).
/// </summary>
internal static class PathTemplate
{
    /// <summary>Splits a template into segments; returns null and a message when it is malformed.</summary>
    public static List<TemplateSegment>? TryParse(string template, out string? error, out int errorOffset)
    {
        error = null;
        errorOffset = 0;
        var segments = new List<TemplateSegment>();
        var literal = new StringBuilder();
        var literalStart = 0;
        var i = 0;
        while (i < template.Length)
        {
            var c = template[i];
            if (c == '}')
            {
                if (i + 1 < template.Length && template[i + 1] == '}')
                {
                    literal.Append('}');
                    i += 2;
                    continue;
                }

                return Fail("Single '}' encountered in the file name; write '}}' for a literal brace", i, out error, out errorOffset);
            }

            if (c != '{')
            {
                literal.Append(c);
                i++;
                continue;
            }

            if (i + 1 < template.Length && template[i + 1] == '{')
            {
                literal.Append('{');
                i += 2;
                continue;
            }

            var close = template.IndexOf('}', i + 1);
            if (close < 0) return Fail("Single '{' encountered in the file name; write '{{' for a literal brace", i, out error, out errorOffset);

            var body = template.Substring(i + 1, close - i - 1);
            if (body.IndexOf('{') >= 0) return Fail("Nested placeholders are not supported in file names", i, out error, out errorOffset);

            var colon = body.IndexOf(':');
            var name = colon < 0 ? body : body.Substring(0, colon);
            var format = colon < 0 ? string.Empty : body.Substring(colon + 1);
            var nameError = CheckName(name);
            if (nameError != null) return Fail(nameError, i, out error, out errorOffset);

            if (literal.Length > 0) segments.Add(new TemplateSegment(literal.ToString(), false, string.Empty, literalStart));
            literal.Clear();
            segments.Add(new TemplateSegment(name, true, format, i));
            i = close + 1;
            literalStart = i;
        }

        if (literal.Length > 0) segments.Add(new TemplateSegment(literal.ToString(), false, string.Empty, literalStart));
        return segments;
    }

    /// <summary>
    /// The folder a template's files go to, as far as it does not depend on a placeholder: the literal text before the
    /// first placeholder, up to its last separator (<c>"checkpoints/net-{epoch}.bin"</c> → <c>"checkpoints"</c>,
    /// <c>"{epoch}/net.bin"</c> → <c>""</c>, the current folder).
    /// </summary>
    public static string FixedFolder(IEnumerable<TemplateSegment> segments)
    {
        var fixedPart = new StringBuilder();
        foreach (var segment in segments)
        {
            if (segment.IsPlaceholder) break;
            fixedPart.Append(segment.Text);
        }

        return FolderOf(fixedPart.ToString());
    }

    /// <summary>
    /// The placeholder a file-writing callback's path may hold (<c>"runs/{model}/history.csv"</c>): the name of the
    /// model's class, filled in when a run begins, so that each model derived from another writes files of its own.
    /// </summary>
    public const string ModelPlaceholder = "{model}";

    /// <summary>The path with <see cref="ModelPlaceholder"/> filled in with <paramref name="model"/>.</summary>
    public static string ForModel(string path, string model) => path.Replace(ModelPlaceholder, model);

    /// <summary>The path with <see cref="ModelPlaceholder"/> made literal text of the same length, for checks of the rest of it.</summary>
    public static string WithoutModel(string path) => path.Replace(ModelPlaceholder, "_model_");

    /// <summary>The folder part of a plain path (<c>"runs/net/history.csv"</c> → <c>"runs/net"</c>), <c>""</c> for the current folder.</summary>
    public static string FolderOf(string path)
    {
        var end = System.Math.Max(path.LastIndexOf('/'), path.LastIndexOf('\\'));
        return end < 0 ? string.Empty : path.Substring(0, end == 0 ? 1 : end);
    }

    private static string? CheckName(string name)
    {
        if (name.Length == 0) return "Positional placeholders ('{}') are not supported; name a value, e.g. '{epoch}' or '{val_loss:.3f}'";
        if (name.IndexOf('!') >= 0) return "Conversions such as '!r' are not supported in file-name placeholders";
        if (name.IndexOf('.') >= 0 || name.IndexOf('[') >= 0) return "Attribute access and indexing are not supported in file-name placeholders";
        if (char.IsDigit(name[0])) return "Positional placeholders ('{0}') are not supported; name a value, e.g. '{epoch}'";
        return null;
    }

    private static List<TemplateSegment>? Fail(string message, int offset, out string? error, out int errorOffset)
    {
        error = message;
        errorOffset = offset;
        return null;
    }
}
