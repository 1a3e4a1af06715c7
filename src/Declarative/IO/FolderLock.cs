using System;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using System.Text;

namespace Declarative.IO;

/// <summary>
/// This process's exclusive claim on a folder (a run's backup folder) or on a file or folder it writes, held until disposed: a second process that asks
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

    /// <summary>Claims <paramref name="folder"/>, creating it when missing; the lock file is in the folder.</summary>
    /// <param name="folder">The folder.</param>
    /// <param name="user">Who asks, for the message (an attribute such as <c>[BackupAndRestore("runs/net")]</c>).</param>
    /// <exception cref="TrainingConfigurationException">Another process holds the folder.</exception>
    public static FolderLock Acquire(string folder, string user)
    {
        var path = Path.GetFullPath(folder);
        Directory.CreateDirectory(path);
        return Acquire(Path.Combine(path, FileName), Path.Combine(path, OwnerFileName), e => new TrainingConfigurationException(
            $"{user}: {Owner(Path.Combine(path, OwnerFileName))} is training into {path}. Two runs in one folder would overwrite each other's backups and logs. " +
            "Wait for that run to end (or stop it), or give this run another folder.", e));
    }

    /// <summary>
    /// Claims a file or folder a run writes among the user's own files (a CSV log, a TensorBoard or checkpoint folder),
    /// keeping the lock file out of it: in a folder of this user's under the system's temporary folder, named after the
    /// path. It guards against two runs on this machine; unlike a backup folder's lock, not against one on another
    /// machine writing the same shared folder.
    /// </summary>
    /// <param name="path">The file or folder.</param>
    /// <param name="user">Who asks, for the message.</param>
    /// <exception cref="TrainingConfigurationException">Another process holds the path.</exception>
    public static FolderLock AcquireOutput(string path, string user)
    {
        var full = Path.GetFullPath(path);
        var locks = Path.Combine(Path.GetTempPath(), "declarative-locks-" + Environment.UserName);
        Directory.CreateDirectory(locks);
        var name = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(full)))[..24];
        var owner = Path.Combine(locks, name + ".owner");
        return Acquire(Path.Combine(locks, name + ".lock"), owner, e => new TrainingConfigurationException(
            $"{user}: {Owner(owner)} is writing {full}. Two runs writing it would overwrite or mix each other's files. " +
            "Wait for that run to end (or stop it), or give this run another path.", e));
    }

    private static FolderLock Acquire(string lockFile, string ownerFile, Func<IOException, Exception> refused)
    {
        FileStream stream;
        try
        {
            // FileShare.None takes an exclusive lock (flock on Unix, a share mode on Windows) for as long as the stream is open.
            stream = new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (e is not (FileNotFoundException or DirectoryNotFoundException or PathTooLongException))
        {
            throw refused(e);
        }

        var process = Environment.ProcessId;
        File.WriteAllText(ownerFile,
            string.Create(CultureInfo.InvariantCulture, $"process {process} on {Environment.MachineName}, started {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss}Z"));
        return new FolderLock(stream);
    }

    /// <summary>Releases the claim (the files stay: deleting them could let two later runs each lock a different file).</summary>
    public void Dispose() => _lock.Dispose();

    private static string Owner(string ownerFile)
    {
        try
        {
            return "another process (" + File.ReadAllText(ownerFile).Trim() + ")";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "another process";
        }
    }
}
