using System;
using System.IO;
using Declarative.Training;

namespace Declarative.Callbacks;

/// <summary>
/// Lightning's <c>Timer</c>: stops training gracefully once a budget of training time is spent, checked after every
/// training batch or at epoch ends. The time it has counted goes into backups, so a resumed run keeps counting.
/// </summary>
/// <remarks>
/// The clock is <see cref="Time"/> (the system's by default; tests set a clock of their own). Time is counted from
/// <see cref="OnTrainBegin"/>; a backup restores the time counted until it was written, and counting resumes from there.
/// </remarks>
/// <typeparam name="TLogs">The model's logs type.</typeparam>
public sealed class Timer<TLogs> : IOnTrainBegin, IOnTrainBatchEnd, IOnEpochEnd<TLogs>, IPersistentState
    where TLogs : struct, ITrainingLogs<TLogs>
{
    private TrainingSession? _session;
    private long _start;
    private TimeSpan _before;

    /// <summary>Creates the callback.</summary>
    /// <param name="settings">Its settings, as the attribute takes them.</param>
    /// <exception cref="ArgumentOutOfRangeException">The budget cannot be read or is not positive.</exception>
    public Timer(TimerAttribute settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        CallbackSettings.Check(settings);
        Description = SettingsText.Describe(settings);
        MaxTime = settings.Budget!.Value;
        Interval = settings.Interval;
        Verbose = settings.Verbose;
    }

    /// <summary>The callback's configuration, as its attribute would be written (in <see cref="TrainingEnd.StoppedBy"/>).</summary>
    public string Description { get; }

    /// <summary>The budget of training time.</summary>
    public TimeSpan MaxTime { get; }

    /// <summary>When the time is checked.</summary>
    public TimerInterval Interval { get; }

    /// <summary>Whether the stop is announced.</summary>
    public bool Verbose { get; }

    /// <summary>The clock; the system's unless set (before training begins).</summary>
    public TimeProvider Time { get; set; } = TimeProvider.System;

    /// <summary>The training time counted in this run, with what a resumed backup had counted.</summary>
    public TimeSpan Elapsed => _session is null ? _before : _before + Time.GetElapsedTime(_start);

    /// <summary>What is left of the budget (zero once it is spent).</summary>
    public TimeSpan Remaining => MaxTime > Elapsed ? MaxTime - Elapsed : TimeSpan.Zero;

    /// <summary>Starts counting.</summary>
    public void OnTrainBegin(TrainingSession session)
    {
        _session = session;
        _before = TimeSpan.Zero;
        _start = Time.GetTimestamp();
    }

    /// <summary>With <see cref="TimerInterval.Batch"/>, stops training once the budget is spent.</summary>
    public void OnTrainBatchEnd(int batch)
    {
        if (Interval == TimerInterval.Batch) StopIfSpent();
    }

    /// <summary>With <see cref="TimerInterval.Epoch"/>, stops training once the budget is spent.</summary>
    public void OnEpochEnd(int epoch, in TLogs logs)
    {
        if (Interval == TimerInterval.Epoch) StopIfSpent();
    }

    private void StopIfSpent()
    {
        var session = _session ?? throw new InvalidOperationException($"{Description}: call OnTrainBegin first.");
        if (session.StopRequested || Elapsed < MaxTime) return;
        if (Verbose) session.Output.WriteLine($"Time limit reached. Elapsed time is {TimeSpan.FromSeconds(Math.Floor(Elapsed.TotalSeconds)):c}. Stopping training.");
        session.RequestStop(Description);
    }

    /// <summary>Writes the time counted so far, for a backup.</summary>
    public void SaveState(BinaryWriter writer) => writer.Write(Elapsed.Ticks);

    /// <summary>Reads back what <see cref="SaveState"/> wrote: counting continues from there.</summary>
    public void LoadState(BinaryReader reader)
    {
        _before = TimeSpan.FromTicks(reader.ReadInt64());
        _start = Time.GetTimestamp();
    }
}
