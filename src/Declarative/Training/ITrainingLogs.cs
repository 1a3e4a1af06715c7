using System;
using System.Collections.Generic;
using Declarative.Metrics;

namespace Declarative.Training;

/// <summary>
/// Implemented by each model's generated logs type (<c>NetLogs</c>): one typed member per metric, plus access by
/// Keras name for generic tooling (History by name, CSV, plots).
/// </summary>
/// <typeparam name="TSelf">The logs type itself.</typeparam>
public interface ITrainingLogs<TSelf> where TSelf : struct, ITrainingLogs<TSelf>
{
    /// <summary>
    /// The metrics, <c>loss</c> first, in the order the training loop computes them, the values of the run
    /// (<c>learning_rate</c>) last; those of batches have a <c>val_</c> twin (<see cref="MetricInfo.HasValidation"/>).
    /// </summary>
    static abstract IReadOnlyList<MetricInfo> Metrics { get; }

    /// <summary>Builds the logs from values in <see cref="Metrics"/> order.</summary>
    /// <param name="epoch">The 0-based epoch.</param>
    /// <param name="values">The value of every metric (training values, and the run's).</param>
    /// <param name="validation">The validation values (at the index of each metric that has a <c>val_</c> twin), or empty when there are none.</param>
    static abstract TSelf Create(int epoch, ReadOnlySpan<double> values, ReadOnlySpan<double> validation);

    /// <summary>The 0-based epoch these values belong to.</summary>
    int Epoch { get; }

    /// <summary>Whether validation values are present.</summary>
    bool HasValidation { get; }

    /// <summary>The value of a metric by its Keras name (<c>loss</c>, <c>val_accuracy</c>, <c>learning_rate</c>); false when absent.</summary>
    bool TryGetValue(string name, out double value);
}
