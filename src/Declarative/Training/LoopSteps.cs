// Shared by the runtime library and the source generator (linked into both), so it stays netstandard2.0-compatible.
#nullable enable

using System.Collections.Generic;

namespace Declarative.Training;

/// <summary>
/// What the training loop itself does at a hook, around the callbacks a model declares: it owns History and the
/// progress display. <see cref="TrainingDriver{TCallbacks, TLogs}"/> runs these steps in this order; the generator lists
/// them in each model's plan from here.
/// </summary>
internal static class LoopSteps
{
    /// <summary>The loop's steps at <paramref name="hook"/> before the callbacks', as (who, what) for the plan.</summary>
    /// <param name="hook">The hook.</param>
    /// <param name="logsName">The model's logs type (<c>NetLogs</c>).</param>
    public static IEnumerable<(string Who, string What)> Before(TrainingHook hook, string logsName)
    {
        if (hook == TrainingHook.EpochEnd) yield return ("History", $"record the {logsName} of the epoch");
    }

    /// <summary>The loop's steps at <paramref name="hook"/> after the callbacks', as (who, what) for the plan.</summary>
    public static IEnumerable<(string Who, string What)> After(TrainingHook hook)
    {
        if (hook == TrainingHook.EpochEnd) yield return ("Progress", "print the epoch's values (the Fit argument progress decides how)");
    }
}
