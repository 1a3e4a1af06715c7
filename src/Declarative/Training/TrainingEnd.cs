using System;
using System.Runtime.InteropServices;

namespace Declarative;

/// <summary>Why training ended.</summary>
public enum TrainingEndReason
{
    /// <summary>Every requested epoch ran.</summary>
    Completed,

    /// <summary>A callback asked to stop (see <see cref="TrainingEnd.StoppedBy"/>).</summary>
    Stopped,

    /// <summary>
    /// A value diverged and a callback stopped training because of it: the loss became NaN or infinite
    /// (<c>TerminateOnNaN</c>), or a monitored value passed <c>EarlyStopping</c>'s divergence threshold or was not finite.
    /// </summary>
    Diverged,

    /// <summary>The cancellation token was cancelled, or a signal came (see <see cref="TrainingEnd.Signal"/>); training stopped between batches.</summary>
    Cancelled,

    /// <summary>An exception escaped (from the model, the loss, the data or a callback); it propagates out of Fit.</summary>
    Failed,
}

/// <summary>How and when training ended; given to every callback's train-end hook and kept in <see cref="History{TLogs}.End"/>.</summary>
/// <param name="Reason">Why training ended.</param>
/// <param name="LastEpoch">The last 0-based epoch whose end hooks ran, or -1 if none did.</param>
/// <param name="StoppedBy">The callback that stopped training, for <see cref="TrainingEndReason.Stopped"/> and <see cref="TrainingEndReason.Diverged"/>.</param>
/// <param name="Exception">The exception, for <see cref="TrainingEndReason.Failed"/>.</param>
public sealed record TrainingEnd(TrainingEndReason Reason, int LastEpoch, string? StoppedBy = null, Exception? Exception = null)
{
    /// <summary>Whether training ended without an exception (completed, stopped, diverged or cancelled).</summary>
    public bool IsGraceful => Reason != TrainingEndReason.Failed;

    /// <summary>The signal that cancelled the run (SIGTERM, SIGINT), when one did (see <see cref="SignalHandling"/>).</summary>
    public PosixSignal? Signal { get; init; }

    /// <summary>The exit code of a process that the signal ended (143 for SIGTERM, 130 for SIGINT), for a program that returns from Fit and exits; null without a signal.</summary>
    public int? ExitCode => Signal is { } signal ? Training.RunSignals.ExitCode(signal) : null;
}
