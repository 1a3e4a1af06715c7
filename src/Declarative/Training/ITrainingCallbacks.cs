using System.Collections.Generic;
using Declarative.State;

namespace Declarative.Training;

/// <summary>
/// The contract between <see cref="TrainingDriver{TCallbacks, TLogs}"/> and a model's generated dispatcher: every hook
/// (<see cref="ITrainingHooks{TLogs}"/>), which the generated struct implements by calling the run's callbacks whose
/// types handle it, the run's configuration, and the callbacks' state for the run's state. The driver is generic over the
/// struct, so the JIT compiles direct calls.
/// </summary>
/// <remarks>Implemented by generated code only.</remarks>
/// <typeparam name="TLogs">The model's generated logs type.</typeparam>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public interface ITrainingCallbacks<TLogs> : ITrainingHooks<TLogs> where TLogs : struct, ITrainingLogs<TLogs>
{
    /// <summary>The metrics, the step and the run's callbacks, one per line in their canonical form: a backup made with another configuration is not resumed silently.</summary>
    IReadOnlyList<string> Configuration { get; }

    /// <summary>Adds the state of every run callback whose type keeps some (<see cref="IPersistentState"/>) to the run's state, a section each.</summary>
    void AddState(RunState state);
}
