// Shared by the runtime library and the source generator (linked into both), so it stays netstandard2.0-compatible.
#nullable enable

using System;
using System.Collections.Generic;

namespace Declarative;

/// <summary>
/// Stops training when the running training loss becomes NaN or infinite (Keras's <c>TerminateOnNaN</c>): the rest of
/// the epoch's batches are skipped, then validation and the epoch-end hooks run, and training ends as
/// <see cref="TrainingEndReason.Diverged"/>. The callback: <see cref="Callbacks.TerminateOnNaN"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class TerminateOnNaNAttribute : Attribute, ICallbackSettings
{
    /// <summary>Throw <see cref="Callbacks.NonFiniteLossException"/> out of Fit instead of stopping gracefully.</summary>
    public bool RaiseError { get; set; }

    IEnumerable<Setting?> ICallbackSettings.Settings()
    {
        yield return Setting.IfChanged(nameof(RaiseError), RaiseError, false);
    }

    IEnumerable<SettingProblem?> ICallbackSettings.Problems()
    {
        yield break;
    }
}
