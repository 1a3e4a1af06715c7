namespace Declarative.Generators.Models;

/// <summary>One <c>[EarlyStopping]</c> attribute, validated.</summary>
/// <param name="Property">The name of its property on the model's callbacks (<c>EarlyStopping</c>, <c>EarlyStopping2</c>).</param>
/// <param name="Attribute">The attribute as written, for messages and the plan comment.</param>
internal sealed record EarlyStoppingSpec(
    string Property,
    string Attribute,
    MonitorSpec Monitor,
    double MinDelta,
    int Patience,
    double? Baseline,
    bool RestoreBestWeights,
    int StartFromEpoch,
    bool Verbose);
