// Shared by the runtime library and the source generator (linked into both), so it stays netstandard2.0-compatible.
#nullable enable

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Declarative;

/// <summary>
/// The canonical text of a callback's configuration, as an attribute would be written:
/// <c>[EarlyStopping(Monitor = "val_loss", Patience = 3)]</c>. It is what messages, <c>TrainingEnd.StoppedBy</c>,
/// the generated plan and a backup's record of the configuration say, so reformatting an attribute changes none of them.
/// </summary>
internal static class SettingsText
{
    /// <summary>The attribute's name without the <c>Attribute</c> suffix (<c>EarlyStopping</c>).</summary>
    public static string Name(object attribute) => Name(attribute.GetType().Name);

    /// <summary><c>EarlyStoppingAttribute</c> → <c>EarlyStopping</c>.</summary>
    public static string Name(string typeName) =>
        typeName.EndsWith("Attribute", StringComparison.Ordinal) ? typeName.Substring(0, typeName.Length - "Attribute".Length) : typeName;

    /// <summary><c>[EarlyStopping(Monitor = "val_loss", Patience = 3)]</c>, or <c>[TerminateOnNaN]</c> when nothing is set.</summary>
    public static string Describe(ICallbackSettings settings) => Describe(Name(settings), Present(settings.Settings()));

    /// <summary>The same, for an attribute name and its settings.</summary>
    public static string Describe(string name, IEnumerable<Setting> settings)
    {
        // One builder, no intermediate strings: the generator describes every attribute of every model on each run.
        var text = new StringBuilder("[").Append(name);
        var first = true;
        foreach (var setting in settings)
        {
            text.Append(first ? "(" : ", ");
            if (!setting.IsPositional) text.Append(setting.Name).Append(" = ");
            text.Append(Text(setting));
            first = false;
        }

        return text.Append(first ? "]" : ")]").ToString();
    }

    /// <summary>The settings that are present (the ones at their default are null).</summary>
    public static IEnumerable<Setting> Present(IEnumerable<Setting?> settings) => settings.Where(s => s.HasValue).Select(s => s!.Value);

    /// <summary>The problems that are present.</summary>
    public static IEnumerable<SettingProblem> Present(IEnumerable<SettingProblem?> problems) => problems.Where(p => p.HasValue).Select(p => p!.Value);

    /// <summary>A setting's value as written in the canonical text.</summary>
    public static string Text(Setting setting) => setting.Form switch
    {
        SettingForm.NameOf => "nameof(" + setting.Value + ")",
        SettingForm.TypeOf => "typeof(" + setting.Value + ")",
        _ => Literal(setting.Value),
    };

    /// <summary>A value as a C# literal, invariantly: <c>"val_loss"</c>, <c>3</c>, <c>0.5</c>, <c>1e-05</c>, <c>true</c>, <c>';'</c>, <c>MonitorMode.Min</c>.</summary>
    public static string Literal(object? value) => value switch
    {
        null => "null",
        string text => Quote(text, '"'),
        char character => Quote(character.ToString(), '\''),
        bool flag => flag ? "true" : "false",
        double number => Number(number),
        float number => Number(number),
        Enum member => member.GetType().Name + "." + member,
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static string Number(double value)
    {
        if (double.IsNaN(value)) return "double.NaN";
        if (double.IsPositiveInfinity(value)) return "double.PositiveInfinity";
        if (double.IsNegativeInfinity(value)) return "double.NegativeInfinity";
        return value.ToString("R", CultureInfo.InvariantCulture).Replace("E", "e");
    }

    private static string Quote(string text, char quote)
    {
        var builder = new StringBuilder(text.Length + 2).Append(quote);
        foreach (var c in text)
        {
            switch (c)
            {
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (c == quote) builder.Append('\\').Append(c);
                    else if (char.IsControl(c) || c is '\u2028' or '\u2029') builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else builder.Append(c);
                    break;
            }
        }

        return builder.Append(quote).ToString();
    }
}
