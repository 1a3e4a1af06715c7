using System.Collections.Generic;
using System.Linq;
using Declarative.Generators.Diagnostics;
using Declarative.Generators.Models;

namespace Declarative.Generators.Parsing.Readers;

internal static class TensorBoardReader
{
    public static TensorBoardSpec? Read(AttributeReader reader, ReadContext context, IReadOnlyList<TensorBoardSpec> previous)
    {
        var directory = reader.Constructor<string?>(0, null) ?? string.Empty;
        var update = reader.Get("UpdateFrequency", 0);
        var histogram = reader.Get("HistogramFrequency", 0);
        var valid = Rules.Path(reader, context, directory)
                  & (!reader.Has("UpdateFrequency") || Rules.InRange(reader, context, "UpdateFrequency", update, update >= 1, "it is a number of batches ≥ 1; leave it unset for epoch values only"))
                  & (!reader.Has("HistogramFrequency") || Rules.InRange(reader, context, "HistogramFrequency", histogram, histogram >= 1, "it is a number of epochs ≥ 1; leave it unset for no histograms"));
        if (valid && previous.Any(t => t.LogDirectory == directory))
        {
            context.Problems.Report(DiagnosticDescriptors.DuplicateCallback, () => reader.Location(0), $"Another [TensorBoard] on this model already writes to \"{directory}\"; TensorBoard would show every value twice. Use one, or distinct folders.");
            valid = false;
        }

        return valid
            ? new TensorBoardSpec(Rules.PropertyName("TensorBoard", previous.Count), reader.Text(context.CancellationToken), directory, update, histogram)
            : null;
    }
}
