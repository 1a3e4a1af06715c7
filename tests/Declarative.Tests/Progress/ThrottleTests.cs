using Declarative.Progress;
using Declarative.Tests.Support;

namespace Declarative.Tests.Progress;

public class ThrottleTests
{
    [Fact]
    public void Lets_through_the_first_call_then_one_per_interval()
    {
        var clock = new ManualClock();
        var throttle = new Throttle(TimeSpan.FromMilliseconds(100), clock);
        var passed = new List<int>();
        for (var step = 0; step < 30; step++)
        {
            if (throttle.IsDue()) passed.Add(step);
            clock.Advance(TimeSpan.FromMilliseconds(30));
        }

        Assert.Equal([0, 4, 8, 12, 16, 20, 24, 28], passed);
        throttle.Reset();
        Assert.True(throttle.IsDue());
    }
}
