using System.IO;

namespace Declarative;

/// <summary>
/// Implemented by a user-defined callback whose state must survive an interruption: with
/// <see cref="BackupAndRestoreAttribute"/>, it is saved in every backup and restored on resume, so that the resumed run
/// makes the same decisions as an uninterrupted one.
/// </summary>
public interface IPersistentState
{
    /// <summary>Writes the state.</summary>
    void SaveState(BinaryWriter writer);

    /// <summary>Reads back what <see cref="SaveState"/> wrote.</summary>
    void LoadState(BinaryReader reader);
}
