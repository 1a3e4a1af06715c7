namespace Declarative.Generators.Emitting;

/// <summary>The events of a training run, in the order they first occur.</summary>
internal enum Hook
{
    TrainBegin,
    EpochBegin,
    TrainBatchBegin,
    TrainBatchEnd,
    EpochEnd,
    TrainEnd,
}

/// <summary>
/// Emits one configured callback: its state object on the model's <c>DeclaredCallbacks</c>, and its part of each hook
/// of the dispatcher, with a one-line description of that part for the plan at the top of the file.
/// </summary>
internal abstract class CallbackEmitter
{
    /// <summary>The attribute as the user wrote it.</summary>
    public abstract string Attribute { get; }

    /// <summary>Declares the callback's state on <c>DeclaredCallbacks</c>.</summary>
    public abstract void DeclareState(CodeWriter writer);

    /// <summary>What the callback does on the hook (for the plan), or null when it does nothing there.</summary>
    public abstract string? Plan(Hook hook);

    /// <summary>Writes the callback's part of the hook (only called when <see cref="Plan"/> is not null).</summary>
    public abstract void Emit(Hook hook, CodeWriter writer);

    /// <summary>The code that reads a monitored or formatted metric from <c>logs</c> as a double.</summary>
    protected static string Read(string member, bool isValidation) =>
        isValidation ? $"logs.{member}.GetValueOrDefault(double.NaN)" : $"logs.{member}";
}
