using System;

namespace Declarative.Metrics;

/// <summary>
/// Counts an epoch's training throughput on the host (what <c>[Throughput]</c> reports): the batches and samples done,
/// over the time from the first batch's begin to the last batch's end, so what happens after the last batch
/// (validation, the epoch's end) is not counted. Two clock reads and two additions per batch: no device work.
/// </summary>
/// <remarks>
/// The time is the host's: on a GPU, work the device still has queued when the last batch ends is not counted, which
/// over an epoch of many batches is a few batches at most.
/// </remarks>
public sealed class ThroughputCounter
{
    private readonly TimeProvider _time;
    private long _start;
    private long _end;
    private bool _started;

    /// <summary>Creates a counter with nothing counted.</summary>
    /// <param name="time">The clock; the system's when null (tests give one of their own).</param>
    public ThroughputCounter(TimeProvider? time = null) => _time = time ?? TimeProvider.System;

    /// <summary>The batches ended since the last <see cref="Reset"/>.</summary>
    public long Batches { get; private set; }

    /// <summary>The samples of those batches.</summary>
    public long Samples { get; private set; }

    /// <summary>The time from the first batch's begin to the last batch's end (zero before a batch ended).</summary>
    public TimeSpan Elapsed => Batches == 0 ? TimeSpan.Zero : _time.GetElapsedTime(_start, _end);

    /// <summary>Samples per second; NaN before a batch ended, or when no time passed.</summary>
    public double SamplesPerSecond => PerSecond(Samples);

    /// <summary>Batches per second; NaN before a batch ended, or when no time passed.</summary>
    public double BatchesPerSecond => PerSecond(Batches);

    /// <summary>Starts a new count (an epoch begins).</summary>
    public void Reset()
    {
        Batches = 0;
        Samples = 0;
        _started = false;
    }

    /// <summary>A batch begins: the first one of the count starts the clock.</summary>
    public void BatchBegan()
    {
        if (_started) return;
        _start = _time.GetTimestamp();
        _started = true;
    }

    /// <summary>A batch ended (after its batch-end hooks): it is counted, and the time runs to here.</summary>
    /// <param name="samples">The samples it held.</param>
    public void BatchEnded(long samples)
    {
        BatchBegan();
        Batches++;
        Samples += samples;
        _end = _time.GetTimestamp();
    }

    private double PerSecond(long count)
    {
        var seconds = Batches == 0 ? 0 : (_end - _start) / (double)_time.TimestampFrequency;
        return seconds > 0 ? count / seconds : double.NaN;
    }
}
