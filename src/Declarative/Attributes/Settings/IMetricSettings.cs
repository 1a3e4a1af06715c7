// Shared by the runtime library and the source generator (linked into both), so it stays netstandard2.0-compatible.
#nullable enable

namespace Declarative;

/// <summary>
/// A metric attribute as the settings of its metric (<c>[Precision(Threshold = 0.3)]</c>): the name it gives the metric
/// (and its <c>val_</c> twin), the direction that is an improvement, its canonical text and its range rules. The
/// generator reads an instance of it, and the runtime metric is constructed from one.
/// </summary>
internal interface IMetricSettings : ICallbackSettings
{
    /// <summary>The metric's name in the logs (Keras's default name unless set).</summary>
    string Name { get; }

    /// <summary>Whether smaller or larger is better.</summary>
    MetricDirection Direction { get; }
}
