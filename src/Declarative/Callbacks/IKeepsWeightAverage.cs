namespace Declarative.Callbacks;

/// <summary>A callback whose kept weights are an average of the model's (EMA, SWA): what a safetensors checkpoint saves once it has an update.</summary>
internal interface IKeepsWeightAverage : IPersistentWeights
{
    /// <summary>The average (its number of updates, its weights).</summary>
    WeightAverage Average { get; }
}
