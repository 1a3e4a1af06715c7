using System;

namespace Declarative;

/// <summary>
/// Stops training when the running training loss becomes NaN or infinite (Keras's <c>TerminateOnNaN</c>): the rest of
/// the epoch's batches are skipped, then validation and the epoch-end hooks run, and training ends as
/// <see cref="TrainingEndReason.Diverged"/>. Logic: <see cref="Callbacks.TerminateOnNaN"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class TerminateOnNaNAttribute : Attribute
{
    /// <summary>Throw <see cref="Callbacks.NonFiniteLossException"/> out of Fit instead of stopping gracefully.</summary>
    public bool RaiseError { get; set; }
}
