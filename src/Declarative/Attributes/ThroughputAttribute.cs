// Shared by the runtime library and the source generator (linked into both), so it stays netstandard2.0-compatible.
#nullable enable

using System;

namespace Declarative;

/// <summary>
/// Adds the training throughput to the logs (Lightning's <c>ThroughputMonitor</c>): <c>samples_per_second</c> and
/// <c>batches_per_second</c>, values of the run (no <c>val_</c> twin) in History, the CSV, TensorBoard and the progress
/// line, monitorable at epoch ends (larger is better). Each is measured over the epoch's training batches, from the
/// first one's begin to the last one's end, so validation and the epoch's end are not counted; the samples of a batch
/// are those its loss is weighed by (the output's first dimension, or the step's <c>Samples</c>), read on the host,
/// so nothing waits for the device. The counting: <see cref="Metrics.ThroughputCounter"/>.
/// </summary>
/// <remarks>
/// A run resumed in the middle of an epoch measures that epoch over the batches it runs itself. <c>Evaluate</c> gives
/// NaN for both (it is no training).
/// </remarks>
/// <example><code>[Throughput]</code></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ThroughputAttribute : Attribute
{
}
