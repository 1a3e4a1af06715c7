using System.Collections.Generic;
using System.Linq;
using Declarative.Generators.Diagnostics;
using Declarative.Generators.Models;

namespace Declarative.Generators.Parsing.Readers;

internal static class EarlyStoppingReader
{
    public static EarlyStoppingSpec? Read(AttributeReader reader, ReadContext context, IReadOnlyList<EarlyStoppingSpec> previous)
    {
        var monitor = MonitorResolver.Resolve(reader, context, batchLevel: false);
        var patience = reader.Get("Patience", 0);
        var startFromEpoch = reader.Get("StartFromEpoch", 0);
        var minDelta = reader.Get("MinDelta", 0.0);
        var baseline = reader.Get("Baseline", double.NaN);
        var restore = reader.Get("RestoreBestWeights", false);

        var valid = Rules.InRange(reader, context, "Patience", patience, patience >= 0, "patience counts epochs and cannot be negative")
                  & Rules.InRange(reader, context, "StartFromEpoch", startFromEpoch, startFromEpoch >= 0, "it is a 0-based epoch and cannot be negative")
                  & Rules.InRange(reader, context, "MinDelta", minDelta, Rules.IsFinite(minDelta), "it must be a finite number")
                  & Rules.InRange(reader, context, "Baseline", baseline, !double.IsInfinity(baseline), "it must be a finite number (or NaN for none)");
        Rules.MinDelta(reader, context, minDelta);
        if (restore && previous.Any(e => e.RestoreBestWeights))
        {
            context.Problems.Report(DiagnosticDescriptors.DuplicateRestoreBestWeights, () => reader.Location("RestoreBestWeights"));
            valid = false;
        }

        if (monitor is null || !valid) return null;
        return new EarlyStoppingSpec(
            Rules.PropertyName("EarlyStopping", previous.Count),
            reader.Text(context.CancellationToken),
            monitor,
            System.Math.Abs(minDelta),
            patience,
            double.IsNaN(baseline) ? null : baseline,
            restore,
            startFromEpoch,
            reader.Get("Verbose", false));
    }
}
