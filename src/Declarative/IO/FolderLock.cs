using System;
using System.Globalization;
using System.IO;

namespace Declarative.IO;

/// <summary>
/// This process's exclusive claim on a folder (a run's backup folder), held until disposed: a second process that asks
/// for it is refused at once, told who holds it. The claim is an operating-system lock on <see cref="FileName"/>, which
/// the system drops when the process dies, so a lock file left by a killed process never blocks the next run.
/// </summary>
public sealed class FolderLock : IDisposable
{
    /// <summary>The lock file, in the claimed folder.</summary>
    public const string FileName = ".run.lock";

    /// <summary>Who holds the lock (process id, machine, start time), for the message a refused process shows.</summary>
    public const string OwnerFileName = ".run.owner";

    private readonly FileStream _lock;

    private FolderLock(FileStream stream) => _lock = stream;

    /// <summary>Claims <paramref name="folder"/>, creating it when missing.</summary>
    /// <param name="folder">The folder.</param>
    /// <param name="user">Who asks, for the message (an attribute such as <c>[BackupAndRestore("runs/net")]</c>).</param>
    /// <exception cref="TrainingConfigurationException">Another process holds the folder.</exception>
    public static FolderLock Acquire(string folder, string user)
    {
        var path = Path.GetFullPath(folder);
        Directory.CreateDirectory(path);
        FileStream stream;
        try
        {
            // FileShare.None takes an exclusive lock (flock on Unix, a share mode on Windows) for as long as the stream is open.
            stream = new FileStream(Path.Combine(path, FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (e is not (FileNotFoundException or DirectoryNotFoundException or PathTooLongException))
        {
            throw new TrainingConfigurationException(
                $"{user}: {Owner(path)} is training into {path}. Two runs in one folder would overwrite each other's backups and logs. " +
                "Wait for that run to end (or stop it), or give this run another folder.", e);
        }

        var process = Environment.ProcessId;
        File.WriteAllText(Path.Combine(path, OwnerFileName),
            string.Create(CultureInfo.InvariantCulture, $"process {process} on {Environment.MachineName}, started {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss}Z"));
        return new FolderLock(stream);
    }

    /// <summary>Releases the claim (the files stay: deleting them could let two later runs each lock a different file).</summary>
    public void Dispose() => _lock.Dispose();

    private static string Owner(string folder)
    {
        try
        {
            return "another process (" + File.ReadAllText(Path.Combine(folder, OwnerFileName)).Trim() + ")";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "another process";
        }
    }
}
