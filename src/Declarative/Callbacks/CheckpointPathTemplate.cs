using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Declarative.Formatting;

namespace Declarative.Callbacks;

/// <summary>
/// A checkpoint file-name template with Python format placeholders, as Keras users write them:
/// <c>checkpoints/net-{epoch:02d}-{val_loss:.3f}.bin</c>. <c>{epoch}</c> and <c>{batch}</c> are 1-based.
/// </summary>
/// <remarks>
/// Models annotated with <see cref="ModelCheckpointAttribute"/> do not use this type: the generator checks the
/// template at compile time and emits it as an interpolated string. This type serves hand-written loops.
/// </remarks>
public sealed class CheckpointPathTemplate
{
    private readonly List<TemplateSegment> _segments;

    private CheckpointPathTemplate(string template, List<TemplateSegment> segments)
    {
        Template = template;
        _segments = segments;
        Placeholders = segments.Where(s => s.IsPlaceholder).Select(s => s.Text).Distinct(StringComparer.Ordinal).ToArray();
    }

    /// <summary>The template as written.</summary>
    public string Template { get; }

    /// <summary>The names used by the template's placeholders, in order of first use.</summary>
    public IReadOnlyList<string> Placeholders { get; }

    /// <summary>Parses and checks a template.</summary>
    /// <exception cref="FormatException">The template is malformed or a format specification is invalid.</exception>
    public static CheckpointPathTemplate Parse(string template)
    {
        ArgumentNullException.ThrowIfNull(template);
        var segments = PathTemplate.TryParse(template, out var error, out var offset)
            ?? throw new FormatException($"Invalid checkpoint file name \"{template}\" at position {offset}: {error}.");
        foreach (var segment in segments.Where(s => s.IsPlaceholder))
        {
            var kind = IsInteger(segment.Text) ? FormatValueKind.Integer : FormatValueKind.Float;
            try
            {
                PythonFormat.Parse(segment.Format, kind);
            }
            catch (FormatException e)
            {
                throw new FormatException($"Invalid checkpoint file name \"{template}\": placeholder '{{{segment.Text}}}': {e.Message}", e);
            }
        }

        return new CheckpointPathTemplate(template, segments);
    }

    /// <summary>Formats the file name.</summary>
    /// <param name="epoch">The 0-based epoch (written 1-based, as in Keras).</param>
    /// <param name="batch">The 0-based batch for batch-level saves (written 1-based), or null at epoch level.</param>
    /// <param name="metrics">The value of each metric placeholder by name.</param>
    /// <exception cref="KeyNotFoundException">A placeholder names a value that is not available.</exception>
    public string Format(int epoch, int? batch, IReadOnlyDictionary<string, double> metrics)
    {
        var builder = new StringBuilder();
        foreach (var segment in _segments)
        {
            if (!segment.IsPlaceholder)
            {
                builder.Append(segment.Text);
                continue;
            }

            if (segment.Text == "epoch")
            {
                builder.Append(PythonFormat.Format(epoch + 1L, segment.Format));
            }
            else if (segment.Text == "batch" && batch is int b)
            {
                builder.Append(PythonFormat.Format(b + 1L, segment.Format));
            }
            else if (metrics.TryGetValue(segment.Text, out var value))
            {
                builder.Append(segment.Format.Length == 0 ? PythonFormat.Repr(value) : PythonFormat.Format(value, segment.Format));
            }
            else
            {
                var available = string.Join(", ", new[] { "epoch" }.Concat(batch is null ? [] : new[] { "batch" }).Concat(metrics.Keys.OrderBy(k => k, StringComparer.Ordinal)));
                throw new KeyNotFoundException($"Failed to format the checkpoint file name \"{Template}\": '{{{segment.Text}}}' is not available here. Available: {available}.");
            }
        }

        return builder.ToString();
    }

    private static bool IsInteger(string name) => name == "epoch" || name == "batch";
}
