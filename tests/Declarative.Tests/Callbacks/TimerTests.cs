using Declarative.Callbacks;
using Declarative.Tests.Models;
using Declarative.Tests.Support;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Declarative.Tests.Callbacks;

/// <summary>
/// A model with a time budget of 5 minutes, whose clock moves one minute per training batch (a hook runs after the
/// timer), backed up at epoch ends and when cancelled.
/// </summary>
[Timer("00:05:00")]
[BackupAndRestore("backup")]
public partial class TimedModel : nn.Module<Tensor, Tensor>
{
    private readonly Linear _layer;

    public TimedModel() : base(nameof(TimedModel))
    {
        _layer = nn.Linear(1, 1);
        RegisterComponents();
        Callbacks.Timer.Time = Clock;
    }

    internal ManualClock Clock { get; } = new();

    public List<(int Epoch, int Batch)> Trained { get; } = [];

    public CancellationTokenSource Cancellation { get; } = new();

    public int CancelAfter { get; set; } = -1;

    public override Tensor forward(Tensor input) => _layer.call(input);

    [OnTrainBatchEnd]
    private void Tick(int batch)
    {
        Trained.Add((Callbacks.Timer.Elapsed.Minutes, batch));
        Clock.Advance(TimeSpan.FromMinutes(1));
        if (Trained.Count == CancelAfter) Cancellation.Cancel();
    }
}

/// <summary>Lightning's Timer: a budget of training time, checked at batch or epoch ends, that survives a resume.</summary>
public class TimerTests
{
    private static Timer<SequenceModelLogs> Create(string maxTime, TimerInterval interval, ManualClock clock) =>
        new(new TimerAttribute(maxTime) { Interval = interval }) { Time = clock };

    [Fact]
    public void Stops_at_the_first_batch_end_after_the_budget_is_spent_naming_itself()
    {
        var output = new StringWriter();
        using var session = Sessions.Create(output);
        var clock = new ManualClock();
        var timer = Create("00:30:00", TimerInterval.Batch, clock);
        timer.OnTrainBegin(session);

        clock.Advance(TimeSpan.FromMinutes(29));
        timer.OnTrainBatchEnd(0);
        Assert.False(session.StopRequested);
        Assert.Equal(TimeSpan.FromMinutes(1), timer.Remaining);

        clock.Advance(TimeSpan.FromSeconds(61));
        timer.OnTrainBatchEnd(1);
        Assert.True(session.StopRequested);
        Assert.Equal("[Timer(\"00:30:00\")]", session.StoppedBy);
        Assert.Equal("Time limit reached. Elapsed time is 00:30:01. Stopping training." + Environment.NewLine, output.ToString());
    }

    [Fact]
    public void With_the_epoch_interval_only_epoch_ends_stop()
    {
        using var session = Sessions.Create();
        var clock = new ManualClock();
        var timer = Create("00:01:00", TimerInterval.Epoch, clock);
        timer.OnTrainBegin(session);
        clock.Advance(TimeSpan.FromHours(1));

        timer.OnTrainBatchEnd(0);
        Assert.False(session.StopRequested);
        timer.OnEpochEnd(0, Sessions.Logs(0, 1.0));
        Assert.True(session.StopRequested);
        Assert.Equal("[Timer(\"00:01:00\", Interval = TimerInterval.Epoch)]", session.StoppedBy);
    }

    [Fact]
    public void A_restored_timer_goes_on_from_the_time_its_backup_counted()
    {
        using var session = Sessions.Create();
        var clock = new ManualClock();
        var timer = Create("00:30:00", TimerInterval.Batch, clock);
        timer.OnTrainBegin(session);
        clock.Advance(TimeSpan.FromMinutes(20));
        var state = new MemoryStream();
        timer.SaveState(new BinaryWriter(state));

        using var resumedSession = Sessions.Create();
        var resumedClock = new ManualClock();
        var resumed = Create("00:30:00", TimerInterval.Batch, resumedClock);
        resumed.OnTrainBegin(resumedSession);
        state.Position = 0;
        resumed.LoadState(new BinaryReader(state));
        resumedClock.Advance(TimeSpan.FromMinutes(11));
        resumed.OnTrainBatchEnd(0);

        Assert.Equal(TimeSpan.FromMinutes(31), resumed.Elapsed);
        Assert.True(resumedSession.StopRequested);
    }

    [Theory]
    [InlineData("half an hour", "the budget is a duration: write it as")]
    [InlineData("00:00:00", "longer than zero")]
    [InlineData("-00:10:00", "longer than zero")]
    public void An_unreadable_or_empty_budget_is_rejected(string maxTime, string message) =>
        Assert.Contains(message, Assert.Throws<ArgumentOutOfRangeException>(() => new Timer<SequenceModelLogs>(new TimerAttribute(maxTime))).Message);

    [Theory]
    [InlineData("00:30:00", 30)]
    [InlineData("1.12:00:00", 36 * 60)]
    [InlineData("01:12:00:00", 36 * 60)]
    public void Budgets_read_as_dotnet_and_lightning_write_them(string maxTime, int minutes) =>
        Assert.Equal(TimeSpan.FromMinutes(minutes), new Timer<SequenceModelLogs>(new TimerAttribute(maxTime)).MaxTime);
}

/// <summary>The declared timer through Fit, uninterrupted and resumed.</summary>
[Collection(WorkingDirectoryCollection.Name)]
public class TimerFitTests
{
    private static (History<TimedModelLogs> History, List<(int, int)> Trained) Fit(int cancelAfter = -1)
    {
        manual_seed(1);
        var model = new TimedModel { CancelAfter = cancelAfter };
        var (inputs, targets) = Data.Zeros(16, seed: 1);
        var history = model.Fit(inputs, targets, 4, 10, optim.SGD(model.parameters(), 0.01), nn.MSELoss(), progress: ProgressMode.Silent, output: TextWriter.Null, cancellationToken: model.Cancellation.Token);
        return (history, model.Trained);
    }

    [Fact]
    public void The_declared_timer_stops_fit_gracefully_once_the_budget_is_spent()
    {
        using var folder = new TemporaryWorkingDirectory();
        var (history, trained) = Fit();

        // Four batches an epoch; the timer sees 0, 1, ... minutes at the batch ends and stops at the 6th (5 minutes).
        Assert.Equal(6, trained.Count);
        Assert.Equal(TrainingEndReason.Stopped, history.End.Reason);
        Assert.Equal("[Timer(\"00:05:00\")]", history.End.StoppedBy);
        Assert.Equal(2, history.Count);
    }

    [Fact]
    public void A_resumed_run_keeps_counting_the_interrupted_runs_time()
    {
        using var folder = new TemporaryWorkingDirectory();
        var (reference, _) = Fit();
        Assert.False(Directory.Exists("backup")); // deleted after the timer's (successful) stop

        var (interrupted, before) = Fit(cancelAfter: 3);
        var (resumed, after) = Fit();

        Assert.Equal(TrainingEndReason.Cancelled, interrupted.End.Reason);
        Assert.Equal(3, before.Count);
        Assert.Equal(3, after.Count);
        Assert.Equal(3, after[0].Item1); // the resumed run's timer starts at the 3 minutes the backup counted
        Assert.Equal(reference.End, resumed.End);
        Assert.Equal(reference.Select(l => l.Loss), resumed.Select(l => l.Loss));
    }
}
