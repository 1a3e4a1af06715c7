namespace Declarative;

/// <summary>
/// What a run does when the process is asked to stop while it trains: SIGTERM (a scheduler's preemption, <c>docker
/// stop</c>, <c>kill</c>) or SIGINT (Ctrl+C). A second signal during the stop is the process's own again (by default,
/// it ends the process at once).
/// </summary>
public enum SignalHandling
{
    /// <summary>
    /// Stop at the next batch boundary, of training or validation, as a cancellation does: with <c>[BackupAndRestore]</c>
    /// a backup there, from which the next run redoes nothing; the train-end hooks and every file closed; the terminal
    /// restored. Then end the process with the signal's exit code (143 for SIGTERM, 130 for SIGINT), which schedulers
    /// read as interrupted. The default.
    /// </summary>
    StopAndExit,

    /// <summary>
    /// Stop the same way, then return from Fit: <c>History.End.Reason</c> is Cancelled, <c>End.Signal</c> says which
    /// signal came and <c>End.ExitCode</c> the code to exit with; the program decides what comes next.
    /// </summary>
    StopAndReturn,

    /// <summary>Take no signal: they do what the process's own handlers say (by default, end it at once, saving nothing).</summary>
    None,
}
