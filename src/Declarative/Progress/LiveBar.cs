using System;
using System.Threading;
using System.Threading.Tasks;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Declarative.Progress;

/// <summary>
/// One epoch's live progress bar, drawn by Spectre.Console on its own refresh thread (at most 10 frames a second):
/// <c>Epoch 3/20 ━━━━━━━━━━ 40/63 ETA 1s loss: 0.4321 - accuracy: 0.8810</c>, always within the terminal's width (a
/// wrapped bar would leave pieces of itself on screen when a message is printed above it). Spectre's progress display
/// runs inside a callback, so it runs on a background task for the length of the epoch; the training thread only sets
/// the values to show.
/// </summary>
internal sealed class LiveBar
{
    private static readonly TimeSpan RefreshRate = TimeSpan.FromMilliseconds(100);

    private readonly IAnsiConsole _console;
    private readonly TextColumn _count = new();
    private readonly TextColumn _metrics = new();
    private string _description = string.Empty;
    private Task? _display;
    private ProgressTask? _task;
    private ProgressContext? _context;
    private ManualResetEventSlim? _finished;

    public LiveBar(IAnsiConsole console) => _console = console;

    public void Start(string description, long? batches)
    {
        Stop();
        _count.Text = string.Empty;
        _metrics.Text = string.Empty;
        _description = description;
        var started = new ManualResetEventSlim();
        var finished = new ManualResetEventSlim();
        _finished = finished;
        var progress = _console.Progress()
            .AutoClear(true)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn { Width = BarWidth(_console.Profile.Width) }, _count, new EtaColumn(), _metrics);
        progress.RefreshRate = RefreshRate;
        _display = Task.Factory.StartNew(
            () => progress.Start(context =>
            {
                _task = context.AddTask(description, maxValue: batches ?? 1);
                _context = context;
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
        var count = total is long t ? $"{batches}/{t}" : batches.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _count.Text = count;

        // What the other columns leave of the line (Spectre puts a space between columns), less one column so that the
        // line never reaches the terminal's last column; the running values are cut to that.
        var width = _console.Profile.Width;
        var used = _description.Length + 1 + BarWidth(width) + 1 + count.Length + 1 + EtaColumn.Width + 1;
        _metrics.Text = TerminalLine.Fit(metrics, Math.Max(0, width - used - 1));
        _task.Value = total is null ? 0 : batches;

        // Draw now, rather than at Spectre's next tick: an update comes at most 10 times a second (the logger's
        // throttle), and the screen then shows what was just set, whatever the refresh thread's timing.
        _context?.Refresh();
    }

    // The bar's own width: 40 columns (Spectre's default) in a wide terminal, a quarter of the width in a narrow one.
    private static int BarWidth(int terminalWidth) => Math.Clamp(terminalWidth / 4, 10, 40);

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
            _context = null;
        }
    }

    /// <summary>The time left in the epoch, labelled as Keras labels it (<c>ETA 3s</c>), in a column of fixed width.</summary>
    private sealed class EtaColumn : ProgressColumn
    {
        public const int Width = 11;

        protected override bool NoWrap => true;

        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Text(TerminalLine.Fit(TerminalLine.Eta(task.IsIndeterminate ? null : task.RemainingTime), Width).PadRight(Width));
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
