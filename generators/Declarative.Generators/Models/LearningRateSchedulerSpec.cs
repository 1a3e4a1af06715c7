namespace Declarative.Generators.Models;

/// <summary>The <c>[LearningRateScheduler]</c> attribute, with its schedule method resolved.</summary>
/// <param name="Method">The static method's name.</param>
/// <param name="TakesLearningRate">Whether it is <c>(int epoch, double lr)</c> rather than <c>(int epoch)</c>.</param>
internal sealed record LearningRateSchedulerSpec(string Property, string Attribute, string Method, bool TakesLearningRate, bool Verbose);
