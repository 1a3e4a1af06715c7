using System;

namespace Declarative;

// Typed lambda hooks (Keras's LambdaCallback, checked at compile time): methods of the model, static or not, that the
// generated dispatcher calls directly. The logs parameter is the model's generated logs type (NetLogs for Net).

/// <summary>Marks <c>void M()</c> or <c>void M(TrainingSession session)</c> to run when training begins, after the callbacks reset.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class OnTrainBeginAttribute : Attribute
{
}

/// <summary>Marks <c>void M()</c> or <c>void M(TrainingEnd end)</c> to run when training ends, for whatever reason.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class OnTrainEndAttribute : Attribute
{
}

/// <summary>Marks <c>void M(int epoch)</c> to run at the beginning of epochs (after learning-rate schedules).</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class OnEpochBeginAttribute : Attribute
{
    /// <summary>Run on every N-th epoch only (the N-th, 2N-th, ... counted from 1); default every epoch.</summary>
    public int Every { get; set; } = 1;

    /// <summary>Run only from this 0-based epoch on.</summary>
    public int FromEpoch { get; set; }
}

/// <summary>Marks <c>void M(int epoch, NetLogs logs)</c> or <c>void M(int epoch)</c> to run at the end of epochs, with the epoch's values.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class OnEpochEndAttribute : Attribute
{
    /// <summary>Run on every N-th epoch only (the N-th, 2N-th, ... counted from 1); default every epoch.</summary>
    public int Every { get; set; } = 1;

    /// <summary>Run only from this 0-based epoch on.</summary>
    public int FromEpoch { get; set; }
}

/// <summary>Marks <c>void M(int batch)</c> to run before training batches (0-based within the epoch).</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class OnTrainBatchBeginAttribute : Attribute
{
    /// <summary>Run on every N-th batch only, counted across epochs from 1; default every batch.</summary>
    public int Every { get; set; } = 1;

    /// <summary>Run only from this 0-based epoch on.</summary>
    public int FromEpoch { get; set; }
}

/// <summary>
/// Marks <c>void M(int batch)</c> or <c>void M(int batch, NetLogs logs)</c> to run after training batches. With logs, the
/// running values of the epoch are read from the device for each call, so use <see cref="Every"/> on long epochs.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class OnTrainBatchEndAttribute : Attribute
{
    /// <summary>Run on every N-th batch only, counted across epochs from 1; default every batch.</summary>
    public int Every { get; set; } = 1;

    /// <summary>Run only from this 0-based epoch on.</summary>
    public int FromEpoch { get; set; }
}
