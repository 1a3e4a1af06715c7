using System;

namespace Declarative;

/// <summary>
/// Writes one CSV row per epoch (Keras's <c>CSVLogger</c>): <c>epoch</c>, then every recorded value in alphabetical order.
/// Logic: <see cref="Callbacks.CsvLogger"/>.
/// </summary>
/// <example><code>[CsvLogger("runs/net/history.csv")]</code></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class CsvLoggerAttribute : Attribute
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
}
