using System.IO;
using Declarative.Training;

namespace Declarative.Metrics;

/// <summary>
/// <c>learning_rate</c>, a value of the run rather than of batches: the first parameter group's rate when the logs are
/// made, read from the session (NaN without one, as in Evaluate). It keeps nothing: the rate is the optimizer's, which
/// backups keep.
/// </summary>
internal sealed class LearningRateValue(TrainingSession? session) : MetricAccumulator
{
    public override long Count => 0;

    public override void Reset()
    {
    }

    public override double Read() => session?.LearningRate ?? double.NaN;

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
