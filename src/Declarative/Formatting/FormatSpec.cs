// Shared by the runtime library and the source generator (linked into both), so it stays netstandard2.0-compatible.
#nullable enable

namespace Declarative.Formatting;

/// <summary>The kind of value a placeholder formats: Python's <c>int</c> (epoch, batch) or <c>float</c> (metrics).</summary>
internal enum FormatValueKind
{
    Integer,
    Float,
}

/// <summary>
/// A parsed Python format specification (the part after <c>:</c> in <c>{val_loss:.3f}</c>), following the format
/// specification mini-language: <c>[[fill]align][sign][#][0][width][grouping][.precision][type]</c>.
/// </summary>
internal sealed class FormatSpec
{
    public static readonly FormatSpec Empty = new FormatSpec();

    public char Fill { get; private set; } = ' ';

    /// <summary><c>&lt;</c>, <c>&gt;</c>, <c>^</c>, <c>=</c>, or <c>'\0'</c> when not given.</summary>
    public char Align { get; private set; }

    /// <summary><c>+</c>, <c>-</c>, <c>' '</c>, or <c>'\0'</c> when not given.</summary>
    public char Sign { get; private set; }

    public bool Alternate { get; private set; }

    public bool ZeroPad { get; private set; }

    public int Width { get; private set; }

    /// <summary><c>,</c>, <c>_</c>, or <c>'\0'</c> when not given.</summary>
    public char Grouping { get; private set; }

    /// <summary>-1 when not given.</summary>
    public int Precision { get; private set; } = -1;

    /// <summary>The presentation type (<c>d</c>, <c>f</c>, <c>e</c>, <c>g</c>, <c>%</c>, ...), or <c>'\0'</c> when not given.</summary>
    public char Type { get; private set; }

    /// <summary>Parses a format specification; returns null and a Python-like message when it is malformed.</summary>
    public static FormatSpec? TryParse(string text, out string? error)
    {
        error = null;
        if (text.Length == 0) return Empty;

        var spec = new FormatSpec();
        var i = 0;
        if (text.Length >= 2 && IsAlign(text[1]))
        {
            spec.Fill = text[0];
            spec.Align = text[1];
            i = 2;
        }
        else if (IsAlign(text[0]))
        {
            spec.Align = text[0];
            i = 1;
        }

        if (i < text.Length && (text[i] == '+' || text[i] == '-' || text[i] == ' ')) spec.Sign = text[i++];
        if (i < text.Length && text[i] == '#')
        {
            spec.Alternate = true;
            i++;
        }

        if (i < text.Length && text[i] == '0')
        {
            spec.ZeroPad = true;
            i++;
        }

        spec.Width = ReadNumber(text, ref i);
        if (i < text.Length && (text[i] == ',' || text[i] == '_')) spec.Grouping = text[i++];
        if (i < text.Length && text[i] == '.')
        {
            i++;
            var start = i;
            spec.Precision = ReadNumber(text, ref i);
            if (i == start)
            {
                error = "Format specifier missing precision";
                return null;
            }
        }

        if (i < text.Length) spec.Type = text[i++];
        if (i < text.Length)
        {
            error = "Invalid format specifier '" + text + "'";
            return null;
        }

        if (spec.Type != '\0' && "bdoxXeEfFgG%".IndexOf(spec.Type) < 0)
        {
            error = "Unsupported format code '" + spec.Type + "' (use d, b, o, x, X, e, E, f, F, g, G or %)";
            return null;
        }

        return spec;
    }

    /// <summary>Whether this specification can format a value of the kind; returns Python's message when it cannot.</summary>
    public string? CheckApplicable(FormatValueKind kind)
    {
        var integerType = Type == 'd' || Type == 'b' || Type == 'o' || Type == 'x' || Type == 'X';
        if (kind == FormatValueKind.Float && integerType)
            return "Unknown format code '" + Type + "' for object of type 'float'";
        if (kind == FormatValueKind.Integer && Precision >= 0 && (integerType || Type == '\0'))
            return "Precision not allowed in integer format specifier";
        if (Grouping == ',' && (Type == 'b' || Type == 'o' || Type == 'x' || Type == 'X'))
            return "Cannot specify ',' with '" + Type + "'.";
        return null;
    }

    private static bool IsAlign(char c) => c == '<' || c == '>' || c == '^' || c == '=';

    private static int ReadNumber(string text, ref int i)
    {
        var value = 0;
        while (i < text.Length && text[i] >= '0' && text[i] <= '9') value = value * 10 + (text[i++] - '0');
        return value;
    }
}
