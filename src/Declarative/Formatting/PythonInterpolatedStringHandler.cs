using System.Runtime.CompilerServices;
using System.Text;

namespace Declarative.Formatting;

/// <summary>
/// Lets generated code translate a Keras file-name template into a C# interpolated string that reads like the
/// template: <c>$"net-{epoch + 1:02d}-{logs.ValLoss:.3f}.bin"</c>, each hole formatted with Python's rules.
/// </summary>
[InterpolatedStringHandler]
public ref struct PythonInterpolatedStringHandler
{
    private StringBuilder? _builder;

    /// <summary>Called by the compiler.</summary>
    public PythonInterpolatedStringHandler(int literalLength, int formattedCount) =>
        _builder = new StringBuilder(literalLength + formattedCount * 8);

    /// <summary>Appends template text.</summary>
    public void AppendLiteral(string value) => _builder!.Append(value);

    /// <summary>Appends an integer (epoch, batch) with a Python format specification.</summary>
    public void AppendFormatted(long value, string? format = null) =>
        _builder!.Append(PythonFormat.Format(value, format ?? string.Empty));

    /// <summary>Appends a metric value with a Python format specification; no specification means Python's <c>str()</c>.</summary>
    public void AppendFormatted(double value, string? format = null) =>
        _builder!.Append(string.IsNullOrEmpty(format) ? PythonFormat.Repr(value) : PythonFormat.Format(value, format));

    internal string ToStringAndClear()
    {
        var text = _builder!.ToString();
        _builder = null;
        return text;
    }
}
