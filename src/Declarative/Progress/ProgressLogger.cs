using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Declarative.Training;
using Spectre.Console;

namespace Declarative.Progress;

/// <summary>
/// What Fit prints while it trains (Keras's ProgbarLogger): in a terminal, a live bar per epoch with the batch count,
/// the ETA and running values, then the epoch's line wrapped to the terminal's width; elsewhere one plain line per epoch. It runs after every callback and History,
/// as in Keras, so each epoch's line shows what they recorded.
/// </summary>
/// <remarks>
/// The bar is redrawn at most 10 times a second, and running values are read from the device only when a frame is due,
/// so the bar never adds a device synchronisation per batch.
/// </remarks>
internal sealed class ProgressLogger
{
    private static readonly TimeSpan FrameInterval = TimeSpan.FromMilliseconds(100);

    private readonly ProgressMode _mode;
    private readonly TextWriter _output;
    private readonly IAnsiConsole? _console;
    private readonly LiveBar? _bar;
    private readonly Throttle _frames;
    private readonly TimeProvider _time;
    private long _passStart;
    private IReadOnlyList<string> _names = Array.Empty<string>();
    private IReadOnlyList<string> _trainingNames = Array.Empty<string>();
    private int[] _shownRunning = [];
    private TrainingSession? _session;
    private long _batches;
    private long _batchesBefore;
    private long? _passBatches;
    private string _description = string.Empty;

    public ProgressLogger(ProgressMode mode, TextWriter output, TimeProvider time)
    {
        _output = output;
        _time = time;
        _frames = new Throttle(FrameInterval, time);
        _mode = mode;
        if (mode is ProgressMode.Auto or ProgressMode.Bar)
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(output),
                Ansi = mode == ProgressMode.Bar ? AnsiSupport.Yes : AnsiSupport.Detect,
                Interactive = mode == ProgressMode.Bar ? InteractionSupport.Yes : InteractionSupport.Detect,
            });
            var live = console.Profile.Capabilities is { Interactive: true, Ansi: true };
            _mode = live ? ProgressMode.Bar : ProgressMode.Lines;
            if (live)
            {
                _console = console;
                _bar = new LiveBar(console);
            }
        }

        CallbackOutput = _console is null ? output : new ConsoleLineWriter(_console);
    }

    /// <summary>
    /// Shows the terminal's cursor, which a live bar hides, when the process is about to end with the bar still drawn (a
    /// second Ctrl+C): any other way out stops the bar, which shows it again. Safe from any thread.
    /// </summary>
    public void ShowCursor() => _console?.Cursor.Show(true);

    /// <summary>The mode in effect (Auto resolved to Bar or Lines).</summary>
    public ProgressMode Mode => _mode;

    /// <summary>Where callbacks print, so that their messages appear above a live bar rather than through it.</summary>
    public TextWriter CallbackOutput { get; }

    public void OnTrainBegin<TLogs>(TrainingSession session) where TLogs : struct, ITrainingLogs<TLogs>
    {
        _session = session;
        _names = LogNames.For<TLogs>(session.HasValidation);
        // The bar shows the running values of batches and of training, not the run's (the learning rate).
        _shownRunning = Enumerable.Range(0, TLogs.Metrics.Count).Where(i => !TLogs.Metrics[i].IsRunValue).ToArray();
        _trainingNames = _shownRunning.Select(i => TLogs.Metrics[i].Name).ToArray();
    }

    /// <summary>An epoch's training begins; a resumed epoch begins after the batches its backup had done (<paramref name="batchesDone"/>).</summary>
    public void OnEpochBegin(int epoch, long batchesDone = 0)
    {
        OnPassBegin($"Epoch {epoch + 1}/{_session!.Epochs}", _session.BatchesPerEpoch);
        _batches = _batchesBefore = batchesDone;
        if (batchesDone > 0) _bar?.Update(batchesDone, _session.BatchesPerEpoch, string.Empty);
    }

    /// <summary>A pass over data begins (an epoch's training, Evaluate's, Predict's): the bar starts, labelled.</summary>
    public void OnPassBegin(string description, long? batches)
    {
        _batches = _batchesBefore = 0;
        _passBatches = batches;
        _passStart = _time.GetTimestamp();
        _description = description;
        if (_bar is null) return;
        _frames.Reset();
        _bar.Start(_description, batches);
    }

    /// <summary>A batch of a pass other than training ended; <paramref name="values"/> is asked for the running values only when a frame is due.</summary>
    public void OnPassBatchEnd(long batchesDone, Func<string> values)
    {
        _batches = batchesDone;
        if (_bar is null || !_frames.IsDue()) return;
        _bar.Update(_batches, _passBatches, values());
    }

    public void OnTrainBatchEnd(int batch)
    {
        _batches = batch + 1L;
        if (_bar is null || !_frames.IsDue()) return;
        var running = _session!.ReadRunningTrainingValues();
        var values = new double[_shownRunning.Length];
        for (var i = 0; i < values.Length; i++) values[i] = running[_shownRunning[i]];
        _bar.Update(_batches, _session.BatchesPerEpoch, MetricText.Join(_trainingNames, values));
    }

    public void OnEpochEnd<TLogs>(int epoch, in TLogs logs) where TLogs : struct, ITrainingLogs<TLogs>
    {
        var values = new List<(string, double)>();
        foreach (var name in _names)
        {
            if (logs.TryGetValue(name, out var value)) values.Add((name, value));
        }

        OnPassEnd(values);
    }

    /// <summary>A pass ends: its line (the description, batches, time and the values), wrapped to a terminal's width.</summary>
    public void OnPassEnd(IEnumerable<(string Name, double Value)> values)
    {
        if (_mode == ProgressMode.Silent) return;
        _bar?.Stop();
        var elapsed = _time.GetElapsedTime(_passStart);
        // A resumed epoch's time is this process's, over the batches it ran (none when the backup had done them all).
        var ran = _batches - _batchesBefore;
        var parts = new List<string>
        {
            _batchesBefore > 0 ? $"{_description} (resumed after batch {_batchesBefore})" : _description,
            $"{_batches}/{_batches}",
            MetricText.Duration(elapsed),
        };
        if (ran > 0) parts.Add(MetricText.PerStep(elapsed, ran));
        parts.AddRange(values.Select(v => v.Name + ": " + MetricText.Format(v.Value)));

        // Piped output keeps Keras's one line per epoch; a terminal gets the line wrapped to its width, between values.
        if (_console is null) _output.WriteLine(TerminalLine.Join(parts));
        else _console.Write(new Spectre.Console.Text(string.Join("\n", TerminalLine.Wrap(parts, _console.Profile.Width - 1)) + "\n"));
    }

    /// <summary>Removes a bar left by an epoch that did not finish (cancellation, failure).</summary>
    public void OnTrainEnd() => _bar?.Stop();
}
