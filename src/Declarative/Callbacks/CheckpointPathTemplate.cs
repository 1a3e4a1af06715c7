using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Declarative.Formatting;
using Declarative.Training;

namespace Declarative.Callbacks;

/// <summary>
/// A checkpoint file-name template with Python format placeholders, as Keras users write them:
/// <c>checkpoints/net-{epoch:02d}-{val_loss:.3f}.bin</c>. <c>{epoch}</c> and <c>{batch}</c> are 1-based.
/// </summary>
/// <remarks>
/// <see cref="ModelCheckpoint{TLogs}"/> formats its file names with it. For a model's attributes the
/// compiler checks the template against the model's metrics (the same parser runs in the generator).
/// </remarks>
public sealed class CheckpointPathTemplate
{
    private readonly List<TemplateSegment> _segments;

    private CheckpointPathTemplate(string template, List<TemplateSegment> segments)
    {
        Template = template;
        _segments = segments;
        Placeholders = segments.Where(s => s.IsPlaceholder).Select(s => s.Text).Distinct(StringComparer.Ordinal).ToArray();
        FixedFolder = PathTemplate.FixedFolder(segments);
    }

    /// <summary>The template as written.</summary>
    public string Template { get; }

    /// <summary>The names used by the template's placeholders, in order of first use.</summary>
    public IReadOnlyList<string> Placeholders { get; }

    /// <summary>The folder every file goes to, as far as no placeholder decides it (<c>""</c> for the current folder).</summary>
    public string FixedFolder { get; }

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

    /// <summary>
    /// The placeholders that <typeparamref name="TLogs"/> cannot fill at this level: at epoch ends every value and
    /// <c>{epoch}</c>; at batch level (<paramref name="batchLevel"/>) the running training values, <c>{epoch}</c> and
    /// <c>{batch}</c>, but no <c>val_*</c> value.
    /// </summary>
    public IEnumerable<string> Unavailable<TLogs>(bool batchLevel) where TLogs : struct, ITrainingLogs<TLogs>
    {
        var available = LogNames.For<TLogs>(hasValidation: !batchLevel).Append("epoch").Concat(batchLevel ? ["batch"] : []);
        return Placeholders.Except(available, StringComparer.Ordinal);
    }

    /// <summary>Formats the file name from a model's logs.</summary>
    /// <param name="epoch">The 0-based epoch (written 1-based, as in Keras).</param>
    /// <param name="batch">The 0-based batch for batch-level saves (written 1-based), or null at epoch level.</param>
    /// <param name="logs">The values of the epoch, or the running values at batch level.</param>
    /// <exception cref="KeyNotFoundException">A placeholder names a value the logs do not have.</exception>
    public string Format<TLogs>(int epoch, int? batch, in TLogs logs) where TLogs : struct, ITrainingLogs<TLogs>
    {
        var builder = new StringBuilder();
        foreach (var segment in _segments)
        {
            if (!Append(builder, segment, epoch, batch) && !Append(builder, segment, logs.TryGetValue(segment.Text, out var value) ? value : null))
                throw Unavailable(segment, batch, LogNames.For<TLogs>(logs.HasValidation));
        }

        return builder.ToString();
    }

    /// <summary>Formats the file name from values by name.</summary>
    /// <param name="epoch">The 0-based epoch (written 1-based, as in Keras).</param>
    /// <param name="batch">The 0-based batch for batch-level saves (written 1-based), or null at epoch level.</param>
    /// <param name="metrics">The value of each metric placeholder by name.</param>
    /// <exception cref="KeyNotFoundException">A placeholder names a value that is not available.</exception>
    public string Format(int epoch, int? batch, IReadOnlyDictionary<string, double> metrics)
    {
        var builder = new StringBuilder();
        foreach (var segment in _segments)
        {
            if (!Append(builder, segment, epoch, batch) && !Append(builder, segment, metrics.TryGetValue(segment.Text, out var value) ? value : null))
                throw Unavailable(segment, batch, metrics.Keys.Order(StringComparer.Ordinal));
        }

        return builder.ToString();
    }

    // Literal text, {epoch} and {batch}; false for a metric placeholder.
    private static bool Append(StringBuilder builder, TemplateSegment segment, int epoch, int? batch)
    {
        if (!segment.IsPlaceholder) builder.Append(segment.Text);
        else if (segment.Text == "epoch") builder.Append(PythonFormat.Format(epoch + 1L, segment.Format));
        else if (segment.Text == "batch" && batch is int b) builder.Append(PythonFormat.Format(b + 1L, segment.Format));
        else return false;
        return true;
    }

    private static bool Append(StringBuilder builder, TemplateSegment segment, double? value)
    {
        if (value is not double v || segment.Text == "batch") return false;
        builder.Append(segment.Format.Length == 0 ? PythonFormat.Repr(v) : PythonFormat.Format(v, segment.Format));
        return true;
    }

    private KeyNotFoundException Unavailable(TemplateSegment segment, int? batch, IEnumerable<string> names)
    {
        var available = string.Join(", ", new[] { "epoch" }.Concat(batch is null ? [] : new[] { "batch" }).Concat(names));
        return new KeyNotFoundException($"Failed to format the checkpoint file name \"{Template}\": '{{{segment.Text}}}' is not available here. Available: {available}.");
    }

    private static bool IsInteger(string name) => name is "epoch" or "batch";
}
