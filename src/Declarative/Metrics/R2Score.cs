using System;
using System.IO;
using System.Linq;
using Declarative.Callbacks;
using Declarative.IO;
using TorchSharp;
using static TorchSharp.torch;

namespace Declarative.Metrics;

/// <summary>
/// <c>[R2Score]</c>, as Keras's <c>R2Score</c>: per output column, the sums of targets, of squared targets and of
/// squared residuals, kept on the device (allocated at the first batch, when the columns are
/// known) and read once. R² = 1 - residuals / (Σt² - (Σt)² / n) per column, 0 where that is infinite, combined by the
/// aggregation; adjusted for <c>NumRegressors</c> p when set: 1 - (1 - R²)(n - 1) / (n - p - 1), with n the elements seen
/// (Keras's <c>num_samples</c>), left unadjusted when p ≥ n - 1.
/// </summary>
public sealed class R2Score : MetricAccumulator
{
    private static readonly Scalar One = 1.0;
    private readonly Device _device;
    // Rows: Σ target, Σ target², Σ (target - output)²; a column per output.
    private Tensor? _sums;
    private long _samples;
    private long _count;

    /// <summary>Creates the metric from its attribute, on <paramref name="device"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public R2Score(R2ScoreAttribute settings, Device device)
    {
        Settings = CallbackSettings.Checked(settings);
        _device = device;
    }

    /// <summary>Its settings.</summary>
    public R2ScoreAttribute Settings { get; }

    /// <inheritdoc/>
    public override long Count => _count;

    /// <summary>Adds a batch of samples (under <c>no_grad</c>, inside the batch's dispose scope).</summary>
    /// <exception cref="ArgumentException">The output's columns differ from the first batch's.</exception>
    public void Update(Tensor output, Tensor target)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(target);
        var predicted = (output.dim() < 2 ? output.reshape(-1, 1) : output.reshape(-1, output.shape[^1])).to_type(ScalarType.Float64);
        var expected = target.reshape(predicted.shape).to_type(ScalarType.Float64);
        var columns = predicted.shape[1];
        _sums ??= zeros(3, columns, ScalarType.Float64, _device).DetachFromDisposeScope();
        if (_sums.shape[1] != columns)
            throw new ArgumentException($"[R2Score] was given {columns} output column(s) after {_sums.shape[1]}: every batch needs the same last dimension.", nameof(output));
        _sums.add_(stack([expected.sum(dim: 0), expected.square().sum(dim: 0), (expected - predicted).square().sum(dim: 0)]), One);
        _samples += predicted.shape[0];
        _count += predicted.numel();
    }

    /// <inheritdoc/>
    public override double Read()
    {
        if (_sums is null || _samples == 0) return double.NaN;
        using var host = _sums.cpu();
        var values = host.data<double>().ToArray();
        var columns = values.Length / 3;
        var scores = new double[columns];
        var totals = new double[columns];
        for (var c = 0; c < columns; c++)
        {
            var (sum, squares, residuals) = (values[c], values[columns + c], values[2 * columns + c]);
            totals[c] = squares - sum * (sum / _samples);
            var score = 1 - residuals / totals[c];
            scores[c] = double.IsInfinity(score) ? 0 : score;
        }

        var r2 = Settings.ClassAggregation == R2Aggregation.VarianceWeightedAverage
            ? scores.Zip(totals, (score, total) => score * total).Sum() / totals.Sum()
            : scores.Average();
        var (n, p) = ((double)_count, (double)Settings.NumRegressors);
        return p == 0 || p >= n - 1 ? r2 : 1 - (1 - r2) * (n - 1) / (n - p - 1);
    }

    /// <inheritdoc/>
    public override void Reset()
    {
        using var zero = (Scalar)0.0;
        _sums?.fill_(zero);
        _samples = 0;
        _count = 0;
    }

    /// <inheritdoc/>
    public override void SaveState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(_samples);
        writer.Write(_count);
        if (_sums is null)
        {
            writer.Write(0);
            return;
        }

        using var host = _sums.cpu();
        var values = host.data<double>();
        writer.Write((int)values.Count);
        foreach (var value in values) writer.Write(value);
    }

    /// <inheritdoc/>
    public override void LoadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        _samples = reader.ReadInt64();
        _count = reader.ReadInt64();
        var length = reader.ReadInt32();
        _sums?.Dispose();
        _sums = null;
        if (length == 0) return;
        var values = new double[length];
        for (var i = 0; i < length; i++) values[i] = reader.ReadDouble();
        using var saved = tensor(values).reshape(3, length / 3);
        _sums = zeros(3, length / 3, ScalarType.Float64, _device).DetachFromDisposeScope();
        _sums.copy_(saved);
    }

    /// <inheritdoc/>
    public override void Dispose() => _sums?.Dispose();
}
