using System;

namespace Declarative.Callbacks;

/// <summary>
/// The improvement test shared by every monitoring callback (Keras's <c>MonitorCallback</c>): in min mode
/// <c>current + |minDelta| &lt; reference</c>, in max mode <c>current - |minDelta| &gt; reference</c>.
/// </summary>
/// <remarks>
/// Strict inequality, so an improvement of exactly <c>minDelta</c> is not one. Compared in double. Unlike Keras,
/// NaN is never an improvement, not even against no reference (Keras makes a leading NaN the best value, after
/// which nothing can beat it).
/// </remarks>
public readonly struct ImprovementCheck
{
    /// <summary>Creates the check.</summary>
    /// <param name="direction">Whether smaller or larger is better; must be known.</param>
    /// <param name="minDelta">The smallest change that counts; its absolute value is used, as in Keras.</param>
    public ImprovementCheck(MetricDirection direction, double minDelta = 0)
    {
        if (direction == MetricDirection.Unknown)
            throw new ArgumentException("The direction of the monitored metric must be known: pass Minimize or Maximize.", nameof(direction));
        if (double.IsNaN(minDelta) || double.IsInfinity(minDelta))
            throw new ArgumentOutOfRangeException(nameof(minDelta), minDelta, "minDelta must be a finite number.");
        Direction = direction;
        MinDelta = Math.Abs(minDelta);
    }

    /// <summary>Whether smaller or larger is better.</summary>
    public MetricDirection Direction { get; }

    /// <summary>The absolute minimum change that counts as an improvement.</summary>
    public double MinDelta { get; }

    /// <summary>Whether <paramref name="current"/> improves on <paramref name="reference"/> (null: no reference yet).</summary>
    public bool IsImprovement(double current, double? reference)
    {
        if (double.IsNaN(current)) return false;
        if (reference is not double best) return true;
        return Direction == MetricDirection.Minimize ? current + MinDelta < best : current - MinDelta > best;
    }
}
