using System.IO;
using Declarative.Training;

namespace Declarative.Metrics;

/// <summary>
/// <c>samples_per_second</c> or <c>batches_per_second</c>, values of the run: read from the session's
/// <see cref="ThroughputCounter"/>, which the training driver feeds (NaN without a session, as in Evaluate). It keeps
/// nothing for backups: a time measured in one process means nothing in the next, so a resumed epoch is measured over
/// the batches its own process runs.
/// </summary>
internal sealed class ThroughputValue(TrainingSession? session, bool perSample) : MetricAccumulator
{
    public override long Count => session?.Throughput?.Batches ?? 0;

    // The driver restarts the count when an epoch begins; a validation pass, which resets its own metrics, must not.
    public override void Reset()
    {
    }

    public override double Read() => session?.Throughput is { } counter ? perSample ? counter.SamplesPerSecond : counter.BatchesPerSecond : double.NaN;

    public override void SaveState(BinaryWriter writer)
    {
    }

    public override void LoadState(BinaryReader reader)
    {
    }

    public override void Dispose()
    {
    }
}
