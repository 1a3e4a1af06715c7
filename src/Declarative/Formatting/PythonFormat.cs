using System;
using System.Globalization;
using System.Text;

namespace Declarative.Formatting;

/// <summary>
/// Formats numbers exactly as Python's <c>format()</c> and <c>str()</c> do, so that file names and CSV values
/// written by Declarative are the ones a Keras user expects (<c>{epoch:02d}</c> → <c>03</c>,
/// <c>{val_loss:.2f}</c> → <c>0.12</c> for 0.125, <c>str(1e-05)</c> → <c>1e-05</c>).
/// </summary>
/// <remarks>
/// .NET's own invariant formats differ in the details (<c>1E-05</c>, <c>NaN</c>, <c>Infinity</c>, three-digit
/// exponents); rounding is the same, since both round the exact binary value.
/// </remarks>
public static class PythonFormat
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Python's <c>str(float)</c>: shortest round-trip digits, <c>.0</c> on integral values, <c>1e-05</c>, <c>nan</c>, <c>inf</c>.</summary>
    public static string Repr(double value)
    {
        if (double.IsNaN(value)) return "nan";
        if (double.IsInfinity(value)) return value > 0 ? "inf" : "-inf";
        var sign = value < 0 || (value == 0 && double.IsNegative(value)) ? "-" : string.Empty;
        return sign + ReprMagnitude(Math.Abs(value));
    }

    /// <summary>Python's <c>format(value, spec)</c> for a <c>float</c>.</summary>
    /// <exception cref="FormatException">The specification is malformed or does not apply to a float (e.g. <c>d</c>).</exception>
    public static string Format(double value, string spec) => Format(value, Parse(spec, FormatValueKind.Float));

    /// <summary>Python's <c>format(value, spec)</c> for an <c>int</c>.</summary>
    /// <exception cref="FormatException">The specification is malformed or does not apply to an int (e.g. a precision with <c>d</c>).</exception>
    public static string Format(long value, string spec) => Format(value, Parse(spec, FormatValueKind.Integer));

    internal static FormatSpec Parse(string spec, FormatValueKind kind)
    {
        var parsed = FormatSpec.TryParse(spec, out var error) ?? throw new FormatException($"Invalid format specification '{spec}': {error}.");
        var notApplicable = parsed.CheckApplicable(kind);
        if (notApplicable != null) throw new FormatException($"Invalid format specification '{spec}': {notApplicable}.");
        return parsed;
    }

    internal static string Format(double value, FormatSpec spec)
    {
        var negative = value < 0 || (value == 0 && double.IsNegative(value));
        var body = FloatBody(Math.Abs(value), spec);
        return Pad(negative, body, spec);
    }

    internal static string Format(long value, FormatSpec spec)
    {
        if ("eEfFgG%".IndexOf(spec.Type) >= 0) return Format((double)value, spec);
        var magnitude = value < 0 ? (ulong)(-(value + 1)) + 1 : (ulong)value;
        string digits, prefix = string.Empty;
        switch (spec.Type)
        {
            case 'b':
                digits = ToBase(magnitude, 2, lower: true);
                prefix = spec.Alternate ? "0b" : string.Empty;
                break;
            case 'o':
                digits = ToBase(magnitude, 8, lower: true);
                prefix = spec.Alternate ? "0o" : string.Empty;
                break;
            case 'x':
            case 'X':
                digits = ToBase(magnitude, 16, lower: spec.Type == 'x');
                prefix = spec.Alternate ? (spec.Type == 'x' ? "0x" : "0X") : string.Empty;
                break;
            default:
                digits = magnitude.ToString(Invariant);
                break;
        }

        return Pad(value < 0, new NumberBody(prefix, digits, string.Empty), spec);
    }

    // A formatted magnitude: an optional prefix (0x), the integer digits (which grouping and zero padding apply to),
    // and the rest (fraction, exponent, %).
    private readonly record struct NumberBody(string Prefix, string IntegerDigits, string Rest);

    private static NumberBody FloatBody(double magnitude, FormatSpec spec)
    {
        var upper = spec.Type == 'F' || spec.Type == 'E' || spec.Type == 'G';
        if (double.IsNaN(magnitude)) return Special(upper ? "NAN" : "nan", spec);
        if (double.IsInfinity(magnitude)) return Special(upper ? "INF" : "inf", spec);

        var precision = spec.Precision;
        switch (spec.Type)
        {
            case 'f':
            case 'F':
                return Split(Fixed(magnitude, precision < 0 ? 6 : precision, spec.Alternate));
            case '%':
                return Split(Fixed(magnitude * 100, precision < 0 ? 6 : precision, spec.Alternate) + "%");
            case 'e':
            case 'E':
                return Split(Scientific(magnitude, precision < 0 ? 6 : precision, spec.Alternate, trimZeros: false, upper));
            case 'g':
            case 'G':
                return Split(General(magnitude, precision < 0 ? 6 : Math.Max(precision, 1), spec.Alternate, upper, addDotZero: false));
            default:
                return Split(precision < 0 ? ReprMagnitude(magnitude) : General(magnitude, Math.Max(precision, 1), spec.Alternate, upper: false, addDotZero: true));
        }
    }

    private static NumberBody Special(string text, FormatSpec spec) =>
        new(string.Empty, string.Empty, spec.Type == '%' ? text + "%" : text);

    private static NumberBody Split(string text)
    {
        var end = 0;
        while (end < text.Length && char.IsDigit(text[end])) end++;
        return new NumberBody(string.Empty, text.Substring(0, end), text.Substring(end));
    }

    private static string Fixed(double magnitude, int decimals, bool alternate)
    {
        var text = magnitude.ToString("F" + decimals.ToString(Invariant), Invariant);
        return alternate && decimals == 0 ? text + "." : text;
    }

    private static string Scientific(double magnitude, int decimals, bool alternate, bool trimZeros, bool upper)
    {
        var (mantissa, exponent) = RoundedScientific(magnitude, decimals);
        if (trimZeros && !alternate) mantissa = TrimFraction(mantissa);
        if (alternate && mantissa.IndexOf('.') < 0) mantissa += ".";
        return mantissa + (upper ? "E" : "e") + Exponent(exponent);
    }

    // Python's 'g'. With addDotZero it is the no-type format with a precision (CPython's 'r' turned 'g' with
    // Py_DTSF_ADD_DOT_0): fixed notation keeps a ".0", and scientific notation starts one digit earlier.
    private static string General(double magnitude, int precision, bool alternate, bool upper, bool addDotZero)
    {
        var exponent = magnitude == 0 ? 0 : RoundedScientific(magnitude, precision - 1).Exponent;
        if (exponent < -4 || exponent >= (addDotZero ? precision - 1 : precision))
            return Scientific(magnitude, precision - 1, alternate, trimZeros: true, upper);

        var text = Fixed(magnitude, Math.Max(precision - 1 - exponent, 0), alternate: false);
        if (!alternate) text = TrimFraction(text);
        if (text.IndexOf('.') < 0) text += addDotZero ? ".0" : alternate ? "." : string.Empty;
        return text;
    }

    private static (string Mantissa, int Exponent) RoundedScientific(double magnitude, int decimals)
    {
        var text = magnitude.ToString("E" + decimals.ToString(Invariant), Invariant);
        var e = text.IndexOf('E');
        return (text.Substring(0, e), int.Parse(text.Substring(e + 1), NumberStyles.AllowLeadingSign, Invariant));
    }

    private static string ReprMagnitude(double magnitude)
    {
        if (magnitude == 0) return "0.0";
        var (digits, exponent) = ShortestDigits(magnitude);
        if (exponent < -4 || exponent >= 16)
        {
            var mantissa = digits.Length == 1 ? digits : digits.Substring(0, 1) + "." + digits.Substring(1);
            return mantissa + "e" + Exponent(exponent);
        }

        if (exponent < 0) return "0." + new string('0', -exponent - 1) + digits;
        if (digits.Length <= exponent + 1) return digits + new string('0', exponent + 1 - digits.Length) + ".0";
        return digits.Substring(0, exponent + 1) + "." + digits.Substring(exponent + 1);
    }

    // The shortest digits that round-trip, and the decimal exponent of the first one (value = d.ddd × 10^exponent).
    private static (string Digits, int Exponent) ShortestDigits(double magnitude)
    {
        var text = magnitude.ToString("R", Invariant);
        var exponent = 0;
        var e = text.IndexOf('E');
        if (e >= 0)
        {
            exponent = int.Parse(text.Substring(e + 1), NumberStyles.AllowLeadingSign, Invariant);
            text = text.Substring(0, e);
        }

        var dot = text.IndexOf('.');
        var integerPart = dot < 0 ? text : text.Substring(0, dot);
        var digits = integerPart + (dot < 0 ? string.Empty : text.Substring(dot + 1));
        exponent += integerPart.Length - 1;
        var leadingZeros = 0;
        while (leadingZeros < digits.Length - 1 && digits[leadingZeros] == '0') leadingZeros++;
        digits = digits.Substring(leadingZeros).TrimEnd('0');
        return (digits.Length == 0 ? "0" : digits, exponent - leadingZeros);
    }

    private static string TrimFraction(string text)
    {
        if (text.IndexOf('.') < 0) return text;
        text = text.TrimEnd('0');
        return text.EndsWith(".", StringComparison.Ordinal) ? text.Substring(0, text.Length - 1) : text;
    }

    private static string Exponent(int exponent) =>
        (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString("00", Invariant);

    private static string ToBase(ulong value, int radix, bool lower)
    {
        if (value == 0) return "0";
        var digits = lower ? "0123456789abcdef" : "0123456789ABCDEF";
        var builder = new StringBuilder();
        while (value > 0)
        {
            builder.Insert(0, digits[(int)(value % (ulong)radix)]);
            value /= (ulong)radix;
        }

        return builder.ToString();
    }

    // Sign, grouping, fill and alignment, shared by both value kinds.
    private static string Pad(bool negative, NumberBody body, FormatSpec spec)
    {
        var sign = negative ? "-" : spec.Sign == '+' ? "+" : spec.Sign == ' ' ? " " : string.Empty;
        var align = spec.Align != '\0' ? spec.Align : spec.ZeroPad ? '=' : '>';
        var fill = spec.ZeroPad && spec.Align == '\0' ? '0' : spec.Fill;
        if (spec.ZeroPad && spec.Align != '\0' && spec.Fill == ' ') fill = '0';

        var integerDigits = body.IntegerDigits;
        var groupSize = spec.Type is 'b' or 'o' or 'x' or 'X' ? 4 : 3;
        var grouped = Group(integerDigits, spec.Grouping, groupSize);
        var length = sign.Length + body.Prefix.Length + grouped.Length + body.Rest.Length;

        // Sign-aware zero padding pads the digits themselves, so that grouping separators appear in the padding too.
        if (align == '=' && fill == '0' && integerDigits.Length > 0)
        {
            while (length < spec.Width)
            {
                integerDigits = "0" + integerDigits;
                grouped = Group(integerDigits, spec.Grouping, groupSize);
                length = sign.Length + body.Prefix.Length + grouped.Length + body.Rest.Length;
            }

            if (length > spec.Width && spec.Grouping != '\0' && grouped[0] == spec.Grouping) grouped = grouped.Substring(1);
        }

        var core = body.Prefix + grouped + body.Rest;
        var padding = Math.Max(spec.Width - sign.Length - core.Length, 0);
        return align switch
        {
            '<' => sign + core + new string(fill, padding),
            '^' => new string(fill, padding / 2) + sign + core + new string(fill, padding - padding / 2),
            '=' => sign + new string(fill, padding) + core,
            _ => new string(fill, padding) + sign + core,
        };
    }

    private static string Group(string digits, char separator, int size)
    {
        if (separator == '\0' || digits.Length <= size) return digits;
        var builder = new StringBuilder();
        for (var i = 0; i < digits.Length; i++)
        {
            if (i > 0 && (digits.Length - i) % size == 0) builder.Append(separator);
            builder.Append(digits[i]);
        }

        return builder.ToString();
    }
}
