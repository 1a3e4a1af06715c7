using Declarative.Generators.Emitting;
using Declarative.Generators.Helpers;
using Declarative.Generators.Models;
using Declarative.Generators.Parsing;
using Declarative.Training;

namespace Declarative.Generators.Callbacks;

/// <summary>The <c>[ModelSummary]</c>, validated.</summary>
/// <param name="MaxDepth">The deepest layers listed (-1: all; 0: the totals alone).</param>
internal sealed record ModelSummarySpec(string Property, string Description, EquatableArray<SettingCode> Settings, int MaxDepth)
    : CallbackSpec(Property, Description, Settings);

/// <summary><c>[ModelSummary]</c>: <see cref="Declarative.Callbacks.ModelSummaryPrinter"/>, Lightning's summary at train begin.</summary>
internal static class ModelSummaryCallback
{
    public static ModelSummarySpec? Read(AttributeReader reader, ReadContext context)
    {
        var settings = reader.Settings<ModelSummaryAttribute>();
        if (!Rules.InRange(reader, context, settings)) return null;
        var (description, code) = Rules.Describe(settings);
        return new ModelSummarySpec(context.PropertyName("ModelSummary"), description, code, settings.MaxDepth);
    }

    public static CallbackCode Emit(ModelSummarySpec spec, ModelSpec model) =>
        new CallbackCode(spec, "global::Declarative.Callbacks.ModelSummaryPrinter", CallbackCode.FromSettings<ModelSummaryAttribute>(spec))
            .On(TrainingHook.TrainBegin, "print the model's summary: " + spec.MaxDepth switch
            {
                < 0 => "its layers at every depth and parameter totals",
                0 => "its parameter totals",
                1 => "its layers and parameter totals",
                _ => $"its layers {spec.MaxDepth} deep and parameter totals",
            });
}
