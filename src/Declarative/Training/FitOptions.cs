using System.IO;
using System.Threading;
using static TorchSharp.torch;

namespace Declarative;

/// <summary>
/// What one <c>Fit</c> call does besides its data, epochs, optimizers and loss. Every generated <c>Fit</c> takes each
/// option as an optional parameter of the same name in camelCase (<c>progress: ProgressMode.Silent</c>), read from this
/// record by the generator, and hands them to the training loop in one of these: an option is added here, where the
/// loop uses it, and in its documentation, and every model's Fit takes it.
/// </summary>
/// <remarks>Every option's default is its type's default value (an option's parameter defaults to <c>default</c>).</remarks>
public sealed record FitOptions
{
    /// <summary>The epoch to start at (0-based), to continue an earlier run; 0 by default.</summary>
    public int InitialEpoch { get; init; }

    /// <summary>What to print while training: a live bar in a terminal, one line per epoch when redirected (Auto, the default), or nothing.</summary>
    public ProgressMode Progress { get; init; }

    /// <summary>Where progress and callback messages go; the console when null.</summary>
    public TextWriter? Output { get; init; }

    /// <summary>The device to move each batch to before its step (the model must be there already), or null to use batches where they are.</summary>
    public Device? Device { get; init; }

    /// <summary>Stops training between batches; Fit then returns with <c>End.Reason</c> Cancelled.</summary>
    public CancellationToken CancellationToken { get; init; }

    /// <summary>
    /// What SIGTERM (a scheduler's preemption) and SIGINT (Ctrl+C) do while Fit trains: by default, stop at the next
    /// batch boundary with a backup, end the run, then end the process with exit code 143 or 130 (see <see cref="SignalHandling"/>).
    /// </summary>
    public SignalHandling Signals { get; init; }

    /// <summary>
    /// When to validate, as Keras's validation_freq: after every N-th epoch (3: after epochs 3, 6, 9) or after the epochs
    /// listed (<c>new[] { 1, 2, 10 }</c>), counted from 1; every epoch by default. The epochs between have no <c>val_*</c>
    /// values, and callbacks monitoring one skip them.
    /// </summary>
    public ValidationFrequency ValidationFrequency { get; init; }

    /// <summary>The training batches of an epoch, at most (each epoch starts a new pass over the data), or null for the whole pass.</summary>
    public int? StepsPerEpoch { get; init; }

    /// <summary>The batches of a validation pass, at most, or null for the whole pass.</summary>
    public int? ValidationSteps { get; init; }

    /// <summary>
    /// Write checkpoints and backups on a background thread (<see cref="IO.BackgroundFileWriter"/>) while training goes
    /// on: what each file holds is captured when it is asked for, files are written in order, a failure fails the run,
    /// and Fit returns only once every file is complete. Off by default: each file is complete when its hook returns.
    /// </summary>
    public bool BackgroundSaves { get; init; }
}
