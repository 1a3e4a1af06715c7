namespace Declarative.Callbacks;

/// <summary>Why <see cref="EarlyStopping{TLogs}"/> stopped training (<see cref="EarlyStopping{TLogs}.StopReason"/>).</summary>
public enum EarlyStoppingReason
{
    /// <summary>It has not stopped training.</summary>
    NotStopped,

    /// <summary>The monitored value did not improve for <c>Patience</c> epochs (Keras's rule).</summary>
    PatienceExhausted,

    /// <summary>The monitored value became better than <c>StoppingThreshold</c>: the goal was reached.</summary>
    ThresholdReached,

    /// <summary>The monitored value became worse than <c>DivergenceThreshold</c>.</summary>
    Diverged,

    /// <summary>The monitored value was NaN or infinite, with <c>CheckFinite</c>.</summary>
    NotFinite,
}
