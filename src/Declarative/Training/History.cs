using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using Declarative.Training;

namespace Declarative;

/// <summary>
/// What <c>Fit</c> returns (Keras's <c>History</c>): one typed logs record per completed epoch, plus access by metric
/// name for generic tooling, and how training ended.
/// </summary>
/// <typeparam name="TLogs">The model's generated logs type.</typeparam>
public sealed class History<TLogs> : IReadOnlyList<TLogs> where TLogs : struct, ITrainingLogs<TLogs>
{
    private readonly List<TLogs> _epochs;

    internal History(int capacity, bool hasValidation)
    {
        _epochs = new List<TLogs>(Math.Max(capacity, 0));
        MetricNames = LogNames.For<TLogs>(hasValidation);
    }

    /// <summary>The names recorded each epoch: the training metrics, their <c>val_</c> twins when validation ran, and <c>learning_rate</c>.</summary>
    public IReadOnlyList<string> MetricNames { get; }

    /// <summary>How training ended.</summary>
    public TrainingEnd End { get; internal set; } = new(TrainingEndReason.Completed, -1);

    /// <summary>The number of completed epochs.</summary>
    public int Count => _epochs.Count;

    /// <summary>The logs of the <paramref name="index"/>-th completed epoch of this run (not the epoch number; see <c>Epoch</c>).</summary>
    public TLogs this[int index] => _epochs[index];

    /// <summary>One value per completed epoch of the named metric (<c>loss</c>, <c>val_accuracy</c>, <c>learning_rate</c>).</summary>
    /// <exception cref="KeyNotFoundException">The name is not in <see cref="MetricNames"/>.</exception>
    public IReadOnlyList<double> this[string metric]
    {
        get
        {
            if (!MetricNames.Contains(metric, StringComparer.Ordinal))
                throw new KeyNotFoundException($"History has no metric '{metric}'. Recorded: {string.Join(", ", MetricNames)}.");
            var values = new double[_epochs.Count];
            for (var i = 0; i < values.Length; i++) _epochs[i].TryGetValue(metric, out values[i]);
            return values;
        }
    }

    /// <summary>The 0-based epoch numbers of the completed epochs.</summary>
    public IReadOnlyList<int> Epochs => _epochs.Select(e => e.Epoch).ToArray();

    /// <summary>
    /// Saves the curves as a PNG: a panel per metric with its training and validation curves, and one for the learning
    /// rate, with the epoch training stopped and the <paramref name="bestEpoch"/> (0-based) marked. See <see cref="Plotting.HistoryPlot"/>.
    /// </summary>
    /// <returns>The image's size in pixels.</returns>
    public (int Width, int Height) SavePlot(string path, int width = 900, int panelHeight = 280, int? bestEpoch = null) =>
        Plotting.HistoryPlot.Save(this, path, width, panelHeight, bestEpoch);

    /// <summary>Enumerates the epochs' logs.</summary>
    public IEnumerator<TLogs> GetEnumerator() => _epochs.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal void Add(in TLogs logs) => _epochs.Add(logs);
}
