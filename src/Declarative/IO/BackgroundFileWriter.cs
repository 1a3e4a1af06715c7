using System;
using System.Collections.Concurrent;
using System.IO;
using System.Threading;

namespace Declarative.IO;

/// <summary>
/// Writes a run's files on one background thread, in the order asked, so that training goes on while a checkpoint or a
/// backup reaches the disk (<c>Fit(..., backgroundSaves: true)</c>).
/// </summary>
/// <remarks>
/// <para>What a file holds is captured by the caller before it asks (a <see cref="State.RunSnapshot"/> of the model and
/// optimizers, taken on the training thread), so batches that run while it is written cannot change it (Lightning
/// #20953). Each file is written atomically (<see cref="AtomicFile"/>): the bytes reach the disk before the rename, so
/// what follows a write in the queue (the manifest that names it, the deletion of the file it displaces, the next
/// backup generation) happens only once it is complete.</para>
/// <para>One thread writes, one operation at a time; at most <see cref="Capacity"/> operations wait behind it (a save
/// asks for a few: a checkpoint, the last file, the manifest, a deletion), and a caller asking for more waits for room,
/// so the memory held by snapshots stays bounded when the disk is slower than training.</para>
/// <para>A failure is not swallowed: the operations queued after it are dropped (so no manifest names a file that was not
/// written and no file is deleted in favour of one that was not), and the next <see cref="Write"/>, <see cref="Delete"/>
/// or <see cref="Flush"/> throws it, which fails the run as a failed synchronous write would.</para>
/// </remarks>
public sealed class BackgroundFileWriter : IFileWriter, IDisposable
{
    private readonly BlockingCollection<(string Path, Action Run)> _queue;
    private readonly Thread _thread;
    private readonly object _gate = new();
    private int _pending;
    private Exception? _failure;

    /// <summary>Starts the writer's thread.</summary>
    /// <param name="capacity">How many operations may wait behind the one being written (≥ 1).</param>
    public BackgroundFileWriter(int capacity = 4)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _queue = new BlockingCollection<(string, Action)>(new ConcurrentQueue<(string, Action)>(), capacity);
        _thread = new Thread(WriteAll) { IsBackground = true, Name = "Declarative file writer" };
        _thread.Start();
    }

    /// <summary>How many operations may wait behind the one being written.</summary>
    public int Capacity { get; }

    /// <inheritdoc/>
    /// <exception cref="IOException">An earlier operation failed.</exception>
    public void Write(string path, Action<Stream> write, Action? beforeReplace = null)
    {
        ArgumentNullException.ThrowIfNull(write);
        Enqueue(path, () => AtomicFile.Write(path, write, beforeReplace));
    }

    /// <inheritdoc/>
    /// <exception cref="IOException">An earlier operation failed.</exception>
    public void Delete(string path) => Enqueue(path, () => File.Delete(path));

    /// <inheritdoc/>
    /// <exception cref="IOException">An operation failed.</exception>
    public void Flush()
    {
        lock (_gate)
        {
            while (_pending > 0) Monitor.Wait(_gate);
        }

        ThrowIfFailed();
    }

    /// <summary>Writes what is queued, then stops the thread (without throwing a failure: <see cref="Flush"/> does).</summary>
    public void Dispose()
    {
        if (_queue.IsAddingCompleted) return;
        _queue.CompleteAdding();
        _thread.Join();
        _queue.Dispose();
    }

    private void Enqueue(string path, Action run)
    {
        ThrowIfFailed();
        lock (_gate) _pending++;
        _queue.Add((path, run));
    }

    private void ThrowIfFailed()
    {
        if (Volatile.Read(ref _failure) is { } failure)
            throw new IOException($"A file of the run could not be written: {failure.Message}", failure);
    }

    private void WriteAll()
    {
        foreach (var (path, run) in _queue.GetConsumingEnumerable())
        {
            try
            {
                if (Volatile.Read(ref _failure) is null) run();
            }
            catch (Exception e)
            {
                Volatile.Write(ref _failure, new IOException($"writing {path} on the background writer failed: {e.Message}", e));
            }
            finally
            {
                lock (_gate)
                {
                    _pending--;
                    Monitor.PulseAll(_gate);
                }
            }
        }
    }
}
