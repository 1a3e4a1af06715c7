using System;
using System.Globalization;

namespace Declarative.Progress;

/// <summary>Numbers as Keras's progress bar prints them: 4 decimals above 1e-3, else <c>%.4e</c>.</summary>
internal static class MetricText
{
    public static string Format(double value)
    {
        if (double.IsNaN(value)) return "nan";
        if (double.IsInfinity(value)) return value > 0 ? "inf" : "-inf";
        return Math.Abs(value) > 1e-3
            ? value.ToString("F4", CultureInfo.InvariantCulture)
            : Formatting.PythonFormat.Format(value, ".4e");
    }

    /// <summary>Values as a progress bar shows them: <c>loss: 0.3012 - accuracy: 0.9000</c>.</summary>
    public static string Join(System.Collections.Generic.IEnumerable<string> names, System.Collections.Generic.IEnumerable<double> values) =>
        TerminalLine.Join(System.Linq.Enumerable.Zip(names, values, (name, value) => name + ": " + Format(value)));

    public static string Duration(TimeSpan elapsed) =>
        elapsed.TotalSeconds < 1 ? $"{elapsed.TotalMilliseconds:F0}ms" :
        elapsed.TotalMinutes < 1 ? $"{elapsed.TotalSeconds:F0}s" :
        elapsed.TotalHours < 1 ? $"{(int)elapsed.TotalMinutes}:{elapsed.Seconds:00}" :
        $"{(int)elapsed.TotalHours}:{elapsed.Minutes:00}:{elapsed.Seconds:00}";

    public static string PerStep(TimeSpan elapsed, long steps)
    {
        if (steps <= 0) return "-";
        var seconds = elapsed.TotalSeconds / steps;
        return seconds >= 1 ? $"{seconds:F0}s/step" : seconds >= 1e-3 ? $"{seconds * 1e3:F0}ms/step" : $"{seconds * 1e6:F0}us/step";
    }
}
