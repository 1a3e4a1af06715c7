using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using Declarative.Training;

namespace Declarative.Progress;

/// <summary>
/// What Fit prints while it trains (Keras's ProgbarLogger). It runs after every callback and History, as in Keras,
/// so it shows the values they recorded.
/// </summary>
internal sealed class ProgressLogger
{
    private readonly ProgressMode _mode;
    private readonly TextWriter _output;
    private readonly Stopwatch _epochClock = new();
    private IReadOnlyList<string> _names = Array.Empty<string>();
    private int _epochs;
    private long _batches;

    public ProgressLogger(ProgressMode mode, TextWriter output)
    {
        _mode = mode == ProgressMode.Auto ? ProgressMode.Lines : mode;
        _output = output;
    }

    public void OnTrainBegin(TrainingSession session, IReadOnlyList<string> metricNames)
    {
        _names = metricNames;
        _epochs = session.Epochs;
    }

    public void OnEpochBegin(int epoch)
    {
        _batches = 0;
        _epochClock.Restart();
    }

    public void OnTrainBatchEnd(int batch) => _batches = batch + 1L;

    public void OnEpochEnd<TLogs>(int epoch, in TLogs logs) where TLogs : struct, ITrainingLogs<TLogs>
    {
        if (_mode == ProgressMode.Silent) return;
        var elapsed = _epochClock.Elapsed;
        var line = new StringBuilder()
            .Append("Epoch ").Append(epoch + 1).Append('/').Append(_epochs)
            .Append(" - ").Append(_batches).Append('/').Append(_batches)
            .Append(" - ").Append(MetricText.Duration(elapsed))
            .Append(" - ").Append(MetricText.PerStep(elapsed, _batches));
        foreach (var name in _names)
        {
            if (logs.TryGetValue(name, out var value)) line.Append(" - ").Append(name).Append(": ").Append(MetricText.Format(value));
        }

        _output.WriteLine(line.ToString());
    }
}
