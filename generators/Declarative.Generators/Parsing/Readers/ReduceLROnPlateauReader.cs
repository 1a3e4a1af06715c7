using Declarative.Generators.Models;

namespace Declarative.Generators.Parsing.Readers;

internal static class ReduceLROnPlateauReader
{
    public static ReduceLROnPlateauSpec? Read(AttributeReader reader, ReadContext context)
    {
        var monitor = MonitorResolver.Resolve(reader, context, batchLevel: false);
        var factor = reader.Get("Factor", 0.1);
        var patience = reader.Get("Patience", 10);
        var minDelta = reader.Get("MinDelta", 1e-4);
        var cooldown = reader.Get("Cooldown", 0);
        var minRate = reader.Get("MinLearningRate", 0.0);

        var valid = Rules.InRange(reader, context, "Factor", factor, factor > 0 && factor < 1, "the new rate is rate × Factor, so it must be between 0 and 1 (exclusive)")
                  & Rules.InRange(reader, context, "Patience", patience, patience >= 0, "patience counts epochs and cannot be negative")
                  & Rules.InRange(reader, context, "MinDelta", minDelta, Rules.IsFinite(minDelta), "it must be a finite number")
                  & Rules.InRange(reader, context, "Cooldown", cooldown, cooldown >= 0, "it counts epochs and cannot be negative")
                  & Rules.InRange(reader, context, "MinLearningRate", minRate, minRate >= 0 && Rules.IsFinite(minRate), "a learning rate is a finite number ≥ 0");
        Rules.MinDelta(reader, context, minDelta);
        if (monitor is null || !valid) return null;
        return new ReduceLROnPlateauSpec(
            "ReduceLROnPlateau", reader.Text(context.CancellationToken), monitor, factor, patience, System.Math.Abs(minDelta), cooldown, minRate, reader.Get("Verbose", false));
    }
}
