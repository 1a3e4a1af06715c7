using System.IO;

namespace Declarative;

/// <summary>
/// Implemented by a callback that keeps weights of the model beside the model's own (a weight average): they go into the
/// run's state in a section of their own, <c>&lt;section&gt;:weights</c> (see <see cref="State.RunState.Add(string, IPersistentState)"/>), which backups
/// restore and checkpoints hold after the model's weights and the optimizers' state.
/// </summary>
public interface IPersistentWeights : IPersistentState
{
    /// <summary>Writes the weights, or nothing when there are none yet.</summary>
    void SaveWeights(BinaryWriter writer);

    /// <summary>Reads back what <see cref="SaveWeights"/> wrote (an empty section: none yet).</summary>
    void LoadWeights(BinaryReader reader);
}
