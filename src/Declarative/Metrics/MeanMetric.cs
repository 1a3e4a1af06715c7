using System.IO;
using static TorchSharp.torch;

namespace Declarative.Metrics;

/// <summary>
/// A metric whose value is the mean of a value per sample (or element) of each batch's output and target, accumulated
/// on the device (Keras's <c>MeanMetricWrapper</c>): accuracy, mean absolute error, and the like.
/// </summary>
public abstract class MeanMetric : MetricAccumulator
{
    private readonly RunningMean _mean;

    /// <summary>Creates the metric, accumulating on <paramref name="device"/>.</summary>
    protected MeanMetric(Device device) => _mean = new RunningMean(device);

    /// <inheritdoc/>
    public override long Count => _mean.Count;

    /// <summary>Adds a batch's values (under <c>no_grad</c>, inside the batch's dispose scope).</summary>
    public void Update(Tensor output, Tensor target) => _mean.Add(Values(output, target));

    /// <summary>The values of a batch: one per sample or element (booleans count as 0 and 1).</summary>
    protected abstract Tensor Values(Tensor output, Tensor target);

    /// <inheritdoc/>
    public override void Reset() => _mean.Reset();

    /// <inheritdoc/>
    public override double Read() => _mean.Read();

    /// <inheritdoc/>
    public override void SaveState(BinaryWriter writer) => _mean.SaveState(writer);

    /// <inheritdoc/>
    public override void LoadState(BinaryReader reader) => _mean.LoadState(reader);

    /// <inheritdoc/>
    public override void Dispose() => _mean.Dispose();
}
