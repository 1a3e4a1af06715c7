using System;

namespace Declarative.Progress;

/// <summary>Lets an action through at most once per interval (the first time at once), on a clock tests can control.</summary>
internal sealed class Throttle
{
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private long _last;
    private bool _started;

    public Throttle(TimeSpan interval, TimeProvider time)
    {
        _interval = interval;
        _time = time;
    }

    public void Reset() => _started = false;

    public bool IsDue()
    {
        var now = _time.GetTimestamp();
        if (_started && _time.GetElapsedTime(_last, now) < _interval) return false;
        _started = true;
        _last = now;
        return true;
    }
}
