using Declarative.Generators.Emitting;
using Declarative.Generators.Helpers;
using Declarative.Generators.Models;
using Declarative.Generators.Parsing;
using Declarative.Training;

namespace Declarative.Generators.Callbacks;

/// <summary>The <c>[StochasticWeightAveraging]</c>, validated.</summary>
/// <param name="StartEpoch">The first epoch averaged: another learning-rate setter may set the rate of the epochs before it (DCB0017).</param>
internal sealed record StochasticWeightAveragingSpec(
    string Property,
    string Description,
    EquatableArray<SettingCode> Settings,
    double LearningRate,
    int StartEpoch,
    int AnnealingEpochs,
    AnnealingStrategy AnnealingStrategy) : CallbackSpec(Property, Description, Settings);

/// <summary><c>[StochasticWeightAveraging]</c>: <see cref="Declarative.Callbacks.StochasticWeightAveraging"/>, an equal average of the weights with its own learning rate.</summary>
internal static class StochasticWeightAveragingCallback
{
    public static StochasticWeightAveragingSpec? Read(AttributeReader reader, ReadContext context)
    {
        var settings = reader.Settings<StochasticWeightAveragingAttribute>();
        if (!Rules.InRange(reader, context, settings)) return null;
        var (description, code) = Rules.Describe(settings);
        return new StochasticWeightAveragingSpec(
            context.PropertyName("StochasticWeightAveraging"), description, code, settings.LearningRate, settings.StartEpoch, settings.AnnealingEpochs, settings.AnnealingStrategy);
    }

    public static CallbackCode Emit(StochasticWeightAveragingSpec spec, ModelSpec model)
    {
        var rate = Code.Literal(spec.LearningRate);
        var annealing = spec.AnnealingEpochs == 0
            ? $"learning rate {rate}"
            : $"learning rate from the one epoch {spec.StartEpoch} begins with to {rate} over {Rules.Counted(spec.AnnealingEpochs, "epoch")} ({(spec.AnnealingStrategy == AnnealingStrategy.Cosine ? "cosine" : "linear")}), then {rate}";
        return new CallbackCode(spec, "global::Declarative.Callbacks.StochasticWeightAveraging", CallbackCode.FromSettings<StochasticWeightAveragingAttribute>(spec))
            .On(TrainingHook.TrainBegin, "start a fresh average; fail now if the learning rate cannot be set, or if the model has batch-norm layers and the run cannot go over its training data")
            .On(TrainingHook.EpochBegin, $"from epoch {spec.StartEpoch}: {annealing}")
            .On(TrainingHook.EpochEnd, $"from epoch {spec.StartEpoch}: add the epoch's weights to an equal average")
            .On(TrainingHook.TrainEnd, "put the average into the model and recompute its batch-norm statistics over one epoch of the training data (after a run that completed or was stopped)");
    }
}
