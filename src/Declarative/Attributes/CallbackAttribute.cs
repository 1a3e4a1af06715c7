using System;

namespace Declarative;

/// <summary>
/// Attaches a user-defined callback: a class with a public parameterless constructor that implements only the hook
/// interfaces it needs (<see cref="IOnTrainBegin"/>, <see cref="IOnEpochEnd{TLogs}"/>, ...). The generator calls exactly
/// those hooks, directly; no reflection. A generic class with one type parameter (<c>typeof(Logger&lt;&gt;)</c>) is closed
/// with the model's logs type, so one callback can serve every model.
/// </summary>
/// <example><code>[Callback(typeof(GradientNormLogger), EveryBatches = 50)]</code></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class CallbackAttribute : Attribute
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
}
