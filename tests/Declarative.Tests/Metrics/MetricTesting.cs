using Declarative.Metrics;
using static TorchSharp.torch;

namespace Declarative.Tests.Metrics;

/// <summary>Feeds a metric fixed data, in one batch or several, and reads its value, as Fit does.</summary>
internal static class MetricTesting
{
    /// <summary>The metric's value after <paramref name="output"/> and <paramref name="target"/>, cut into batches at <paramref name="cuts"/> (sample indices).</summary>
    public static double Value<TMetric>(TMetric metric, Tensor output, Tensor target, params int[] cuts) where TMetric : MetricAccumulator
    {
        using (metric)
        {
            var bounds = new[] { 0 }.Concat(cuts).Append((int)output.shape[0]).ToArray();
            using (no_grad())
            {
                for (var i = 0; i + 1 < bounds.Length; i++)
                    Update(metric, output[bounds[i]..bounds[i + 1]], target[bounds[i]..bounds[i + 1]]);
            }

            return metric.Read();
        }
    }

    /// <summary>Feeds one batch, through the accumulator's own Update (each metric family has one; generated code calls it directly).</summary>
    public static void Update(MetricAccumulator metric, Tensor output, Tensor target)
    {
        switch (metric)
        {
            case ClassCounts counts: counts.Update(output, target); break;
            case ConfusionCounts counts: counts.Update(output, target); break;
            case ThresholdCounts counts: counts.Update(output, target); break;
            case MeanMetric mean: mean.Update(output, target); break;
            case R2Score r2: r2.Update(output, target); break;
            default: throw new ArgumentException($"No update for {metric.GetType().Name}.");
        }
    }

    /// <summary>A float tensor of <paramref name="rows"/>, each of the same length.</summary>
    public static Tensor Rows(params float[][] rows) => tensor(rows.SelectMany(r => r).ToArray()).reshape(rows.Length, rows[0].Length);
}
