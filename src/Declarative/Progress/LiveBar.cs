using System;
using System.Threading;
using System.Threading.Tasks;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Declarative.Progress;

/// <summary>
/// One epoch's live progress bar, drawn by Spectre.Console on its own refresh thread (at most 10 frames a second).
/// Spectre's progress display runs inside a callback, so it runs on a background task for the length of the epoch;
/// the training thread only sets the values to show.
/// </summary>
internal sealed class LiveBar
{
    private static readonly TimeSpan RefreshRate = TimeSpan.FromMilliseconds(100);

    private readonly IAnsiConsole _console;
    private readonly TextColumn _count = new();
    private readonly TextColumn _metrics = new();
    private Task? _display;
    private ProgressTask? _task;
    private ManualResetEventSlim? _finished;

    public LiveBar(IAnsiConsole console) => _console = console;

    public void Start(string description, long? batches)
    {
        Stop();
        _count.Text = string.Empty;
        _metrics.Text = string.Empty;
        var started = new ManualResetEventSlim();
        var finished = new ManualResetEventSlim();
        _finished = finished;
        var progress = _console.Progress()
            .AutoClear(true)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), _count, new ElapsedTimeColumn(), new RemainingTimeColumn(), _metrics);
        progress.RefreshRate = RefreshRate;
        _display = Task.Factory.StartNew(
            () => progress.Start(context =>
            {
                _task = context.AddTask(description, maxValue: batches ?? 1);
                _task.IsIndeterminate = batches is null;
                started.Set();
                finished.Wait();
            }),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

        // If Spectre fails before the bar exists, surface its exception instead of waiting for a bar that never comes.
        while (!started.Wait(TimeSpan.FromMilliseconds(50)))
        {
            if (_display.IsCompleted) _display.GetAwaiter().GetResult();
        }

        started.Dispose();
    }

    public void Update(long batches, long? total, string metrics)
    {
        if (_task is null) return;
        _count.Text = total is long t ? $"{batches}/{t}" : batches.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _metrics.Text = metrics;
        _task.Value = total is null ? 0 : batches;
    }

    /// <summary>Removes the bar (the epoch's final line is printed in its place).</summary>
    public void Stop()
    {
        if (_display is null) return;
        _finished!.Set();
        try
        {
            _display.GetAwaiter().GetResult();
        }
        finally
        {
            _finished.Dispose();
            _display = null;
            _task = null;
        }
    }

    /// <summary>A column showing text the training thread sets.</summary>
    private sealed class TextColumn : ProgressColumn
    {
        private volatile string _text = string.Empty;

        public string Text
        {
            get => _text;
            set => _text = value;
        }

        protected override bool NoWrap => true;

        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) => new Text(_text);
    }
}
