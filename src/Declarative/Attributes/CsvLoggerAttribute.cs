// Shared by the runtime library and the source generator (linked into both), so it stays netstandard2.0-compatible.
#nullable enable

using System;
using System.Collections.Generic;

namespace Declarative;

/// <summary>
/// Writes one CSV row per epoch (Keras's <c>CSVLogger</c>): <c>epoch</c>, then every recorded value in alphabetical order.
/// The callback: <see cref="Callbacks.CsvLogger{TLogs}"/>.
/// </summary>
/// <example><code>[CsvLogger("runs/net/history.csv")]</code></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class CsvLoggerAttribute : Attribute, ICallbackSettings
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="fileName">The CSV file; relative to the current directory.</param>
    public CsvLoggerAttribute(string fileName) => FileName = fileName;

    /// <summary>The CSV file.</summary>
    public string FileName { get; }

    /// <summary>The field separator. Default ','.</summary>
    public char Separator { get; set; } = ',';

    /// <summary>Append to an existing file (header only when it is new or empty) instead of replacing it.</summary>
    public bool Append { get; set; }

    IEnumerable<Setting?> ICallbackSettings.Settings()
    {
        var defaults = new CsvLoggerAttribute(FileName);
        yield return Setting.Positional(nameof(FileName), FileName);
        yield return Setting.IfChanged(nameof(Separator), Separator, defaults.Separator);
        yield return Setting.IfChanged(nameof(Append), Append, defaults.Append);
    }

    IEnumerable<SettingProblem?> ICallbackSettings.Problems()
    {
        yield return SettingProblem.Unless(Separator is not ('"' or '\r' or '\n'), nameof(Separator), Separator, "a quote or a line break cannot separate fields");
    }
}
