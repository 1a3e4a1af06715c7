using System.Linq;
using Declarative.Generators.Diagnostics;
using Declarative.Generators.Emitting;
using Declarative.Generators.Helpers;
using Declarative.Generators.Models;
using Declarative.Generators.Parsing;
using Declarative.Training;

namespace Declarative.Generators.Callbacks;

/// <summary>The <c>[EMAWeightAveraging]</c>, validated.</summary>
internal sealed record EMAWeightAveragingSpec(
    string Property,
    string Description,
    EquatableArray<SettingCode> Settings,
    double Decay,
    int UpdateEverySteps,
    long StartStep,
    int StartEpoch,
    bool EndWithAveragedWeights) : CallbackSpec(Property, Description, Settings);

/// <summary><c>[EMAWeightAveraging]</c>: <see cref="Declarative.Callbacks.EMAWeightAveraging"/>, an exponential moving average of the weights.</summary>
internal static class EMAWeightAveragingCallback
{
    public static EMAWeightAveragingSpec? Read(AttributeReader reader, ReadContext context)
    {
        var settings = reader.Settings<EMAWeightAveragingAttribute>();
        var valid = Rules.InRange(reader, context, settings);

        // DCB0044: one average of the weights per model (SWA's row comes first, so it has been read).
        if (context.Previous<StochasticWeightAveragingSpec>().FirstOrDefault() is { } swa)
        {
            context.Problems.Report(DiagnosticDescriptors.TwoWeightAverages, () => reader.Location(), "[EMAWeightAveraging]", swa.Description);
            valid = false;
        }

        if (!valid) return null;
        var (description, code) = Rules.Describe(settings);
        return new EMAWeightAveragingSpec(
            context.PropertyName("EMAWeightAveraging"), description, code, settings.Decay, settings.UpdateEverySteps, settings.StartStep, settings.StartEpoch, settings.EndWithAveragedWeights);
    }

    public static CallbackCode Emit(EMAWeightAveragingSpec spec, ModelSpec model)
    {
        var when = (spec.UpdateEverySteps > 1 ? $"every {Ordinal(spec.UpdateEverySteps)} step" : "every step")
            + (spec.StartStep > 0 ? $" from step {spec.StartStep}" : string.Empty)
            + (spec.StartEpoch > 0 ? $" from epoch {spec.StartEpoch}" : string.Empty);
        var code = new CallbackCode(spec, "global::Declarative.Callbacks.EMAWeightAveraging", CallbackCode.FromSettings<EMAWeightAveragingAttribute>(spec))
            .On(TrainingHook.TrainBegin, "start a fresh average of the weights")
            .On(TrainingHook.OptimizerStep, $"{when}: average = {Code.Literal(spec.Decay)} × average + (1 - {Code.Literal(spec.Decay)}) × weights (the first update copies them)")
            .On(TrainingHook.PassBegin, "swap the averaged weights in for validation, Evaluate and Predict (once there are some)")
            .On(TrainingHook.PassEnd, "swap the model's own weights back, however the pass ended");
        if (spec.EndWithAveragedWeights) code.On(TrainingHook.TrainEnd, "put the averaged weights into the model (after a run that completed or was stopped)");
        return code;
    }

    // 2nd, 3rd, 10th, 21st.
    private static string Ordinal(int n) =>
        n + ((n % 100) is 11 or 12 or 13 ? "th" : (n % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" });
}
