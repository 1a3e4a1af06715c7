using System;
using System.IO;

namespace Declarative.IO;

/// <summary>
/// How a run writes its files (backups, checkpoints): each atomically (see <see cref="AtomicFile"/>), in the order asked.
/// The run's callbacks write through <see cref="Training.TrainingSession.Files"/>, so how and when the bytes reach the
/// disk (on the training thread, on a background writer) changes without them.
/// </summary>
public interface IFileWriter
{
    /// <summary>Writes <paramref name="path"/> atomically with what <paramref name="write"/> writes.</summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="write">Writes the content; it must depend only on data captured before the call.</param>
    /// <param name="beforeReplace">Runs once the new content is complete on disk, just before it replaces the target.</param>
    void Write(string path, Action<Stream> write, Action? beforeReplace = null);

    /// <summary>Deletes <paramref name="path"/>, after every write asked before.</summary>
    void Delete(string path);

    /// <summary>Returns once every write and deletion asked so far is complete; throws the first that failed.</summary>
    void Flush();
}

/// <summary>Writes each file on the calling thread, before returning.</summary>
public sealed class SynchronousFileWriter : IFileWriter
{
    /// <summary>The writer every run uses unless told otherwise.</summary>
    public static SynchronousFileWriter Instance { get; } = new();

    /// <inheritdoc/>
    public void Write(string path, Action<Stream> write, Action? beforeReplace = null) => AtomicFile.Write(path, write, beforeReplace);

    /// <inheritdoc/>
    public void Delete(string path) => File.Delete(path);

    /// <inheritdoc/>
    public void Flush()
    {
    }
}
