using System.Collections.Generic;
using System.Linq;
using Declarative.Generators.Diagnostics;
using Declarative.Generators.Models;

namespace Declarative.Generators.Parsing.Readers;

internal static class CsvLoggerReader
{
    public static CsvLoggerSpec? Read(AttributeReader reader, ReadContext context, IReadOnlyList<CsvLoggerSpec> previous)
    {
        var fileName = reader.Constructor<string?>(0, null) ?? string.Empty;
        var separator = reader.Get("Separator", ',');
        var valid = Rules.Path(reader, context, fileName)
                  & Rules.InRange(reader, context, "Separator", "'" + Rules.Printable(separator) + "'", separator is not ('"' or '\r' or '\n'), "a quote or a line break cannot separate fields");
        if (valid && previous.Any(c => c.FileName == fileName))
        {
            context.Problems.Report(DiagnosticDescriptors.DuplicateCallback, () => reader.Location(0), $"Another [CsvLogger] on this model already writes \"{fileName}\"; the two would write over each other. Use one, or distinct file names.");
            valid = false;
        }

        return valid
            ? new CsvLoggerSpec(Rules.PropertyName("CsvLogger", previous.Count), reader.Text(context.CancellationToken), fileName, separator, reader.Get("Append", false))
            : null;
    }
}
