// Shared by the runtime library and the source generator (linked into both), so it stays netstandard2.0-compatible.
#nullable enable

using System;
using System.Collections.Generic;

namespace Declarative;

/// <summary>
/// Attaches a user-defined callback: a class with a public parameterless constructor that implements only the hook
/// interfaces it needs (<see cref="IOnTrainBegin"/>, <see cref="IOnEpochEnd{TLogs}"/>, ...). The generator calls exactly
/// those hooks, directly; no reflection. A generic class with one type parameter (<c>typeof(Logger&lt;&gt;)</c>) is closed
/// with the model's logs type, so one callback can serve every model.
/// </summary>
/// <example><code>[Callback(typeof(GradientNormLogger), EveryBatches = 50)]</code></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class CallbackAttribute : Attribute, ICallbackSettings
{
    /// <summary>Creates the attribute.</summary>
    public CallbackAttribute(Type callbackType) => CallbackType = callbackType;

    /// <summary>The callback's type.</summary>
    public Type CallbackType { get; }

    /// <summary>Call its epoch hooks on every N-th epoch only (counted from 1); default every epoch.</summary>
    public int EveryEpochs { get; set; } = 1;

    /// <summary>Call its batch hooks on every N-th batch only (counted across epochs from 1); default every batch.</summary>
    public int EveryBatches { get; set; } = 1;

    /// <summary>Call its epoch and batch hooks only from this 0-based epoch on.</summary>
    public int FromEpoch { get; set; }

    /// <summary>The full name of the callback's type, as the canonical text shows it (the generator sees a symbol, not a <see cref="Type"/>).</summary>
    internal string? TypeName { get; set; }

    IEnumerable<Setting?> ICallbackSettings.Settings()
    {
        var defaults = new CallbackAttribute(CallbackType);
        yield return Setting.Positional(nameof(CallbackType), TypeName ?? CallbackType?.FullName, SettingForm.TypeOf);
        yield return Setting.IfChanged(nameof(EveryEpochs), EveryEpochs, defaults.EveryEpochs);
        yield return Setting.IfChanged(nameof(EveryBatches), EveryBatches, defaults.EveryBatches);
        yield return Setting.IfChanged(nameof(FromEpoch), FromEpoch, defaults.FromEpoch);
    }

    IEnumerable<SettingProblem?> ICallbackSettings.Problems()
    {
        yield return SettingProblem.Unless(EveryEpochs >= 1, nameof(EveryEpochs), EveryEpochs, "it counts events and must be at least 1");
        yield return SettingProblem.Unless(EveryBatches >= 1, nameof(EveryBatches), EveryBatches, "it counts events and must be at least 1");
        yield return SettingProblem.Unless(FromEpoch >= 0, nameof(FromEpoch), FromEpoch, "it is a 0-based epoch and cannot be negative");
    }
}
