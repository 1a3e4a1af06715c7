// Shared by the runtime library and the source generator (linked into both), so it stays netstandard2.0-compatible.
#nullable enable

using System;
using System.Collections.Generic;

namespace Declarative;

// Typed lambda hooks (Keras's LambdaCallback, checked at compile time): methods of the model, static or not, that the
// generated dispatcher calls directly. The logs parameter is the model's generated logs type (NetLogs for Net).

/// <summary>The base of the attributes that mark a model's method as a hook.</summary>
public abstract class HookAttribute : Attribute, ICallbackSettings
{
    private protected HookAttribute()
    {
    }

    IEnumerable<Setting?> ICallbackSettings.Settings() => Settings();

    IEnumerable<SettingProblem?> ICallbackSettings.Problems() => Problems();

    private protected virtual IEnumerable<Setting?> Settings() => Array.Empty<Setting?>();

    private protected virtual IEnumerable<SettingProblem?> Problems() => Array.Empty<SettingProblem?>();
}

/// <summary>The base of the hook attributes whose hook runs on filtered epochs or batches.</summary>
public abstract class FilteredHookAttribute : HookAttribute
{
    private protected FilteredHookAttribute()
    {
    }

    /// <summary>Run on every N-th event only (the N-th, 2N-th, ... counted from 1; batches counted across epochs); default every one.</summary>
    public int Every { get; set; } = 1;

    /// <summary>Run only from this 0-based epoch on.</summary>
    public int FromEpoch { get; set; }

    private protected override IEnumerable<Setting?> Settings()
    {
        yield return Setting.IfChanged(nameof(Every), Every, 1);
        yield return Setting.IfChanged(nameof(FromEpoch), FromEpoch, 0);
    }

    private protected override IEnumerable<SettingProblem?> Problems()
    {
        yield return SettingProblem.Unless(Every >= 1, nameof(Every), Every, "it counts events and must be at least 1");
        yield return SettingProblem.Unless(FromEpoch >= 0, nameof(FromEpoch), FromEpoch, "it is a 0-based epoch and cannot be negative");
    }
}

/// <summary>Marks <c>void M()</c> or <c>void M(TrainingSession session)</c> to run when training begins, after the callbacks reset.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class OnTrainBeginAttribute : HookAttribute
{
}

/// <summary>Marks <c>void M()</c> or <c>void M(TrainingEnd end)</c> to run when training ends, for whatever reason.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class OnTrainEndAttribute : HookAttribute
{
}

/// <summary>Marks <c>void M(int epoch)</c> to run at the beginning of epochs (after learning-rate schedules).</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class OnEpochBeginAttribute : FilteredHookAttribute
{
}

/// <summary>Marks <c>void M(int epoch, NetLogs logs)</c> or <c>void M(int epoch)</c> to run at the end of epochs, with the epoch's values.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class OnEpochEndAttribute : FilteredHookAttribute
{
}

/// <summary>Marks <c>void M(int batch)</c> to run before training batches (0-based within the epoch).</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class OnTrainBatchBeginAttribute : FilteredHookAttribute
{
}

/// <summary>
/// Marks <c>void M(int batch)</c> or <c>void M(int batch, NetLogs logs)</c> to run after training batches. With logs, the
/// running values of the epoch are read from the device for each call, so use <see cref="FilteredHookAttribute.Every"/> on long epochs.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class OnTrainBatchEndAttribute : FilteredHookAttribute
{
}

/// <summary>
/// Marks <c>void M(long step)</c> or <c>void M()</c> to run after each optimizer step (after each group of accumulated
/// batches; once per batch with a step that optimizes by hand); <c>step</c> counts the run's steps from 0.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class OnOptimizerStepAttribute : HookAttribute
{
}

/// <summary>Marks <c>void M()</c> to run when a validation pass inside Fit, or Evaluate, begins.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class OnTestBeginAttribute : HookAttribute
{
}

/// <summary>Marks <c>void M(int batch)</c> to run before each batch of a validation pass or of Evaluate.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class OnTestBatchBeginAttribute : HookAttribute
{
}

/// <summary>Marks <c>void M(int batch)</c> to run after each batch of a validation pass or of Evaluate.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class OnTestBatchEndAttribute : HookAttribute
{
}

/// <summary>Marks <c>void M()</c> or <c>void M(NetLogs logs)</c> to run when a validation pass or Evaluate ends, with its values un-prefixed.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class OnTestEndAttribute : HookAttribute
{
}

/// <summary>Marks <c>void M()</c> to run when Predict begins.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class OnPredictBeginAttribute : HookAttribute
{
}

/// <summary>Marks <c>void M(int batch)</c> to run before each batch of Predict.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class OnPredictBatchBeginAttribute : HookAttribute
{
}

/// <summary>Marks <c>void M(int batch)</c> to run after each batch of Predict.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class OnPredictBatchEndAttribute : HookAttribute
{
}

/// <summary>Marks <c>void M()</c> to run when Predict ends.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class OnPredictEndAttribute : HookAttribute
{
}
