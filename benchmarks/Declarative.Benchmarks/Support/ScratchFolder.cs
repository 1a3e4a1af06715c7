namespace Declarative.Benchmarks.Support;

/// <summary>
/// A new folder for a run's files, in memory (/dev/shm) where there is one: checkpoints are flushed to disk as they are
/// written, and a virtual disk's flush latency varies by tens of milliseconds from one flush to the next, which would
/// drown the differences the benchmarks measure (both sides of each comparison write the same files).
/// </summary>
public static class ScratchFolder
{
    public static string Create(string prefix) =>
        Directory.Exists("/dev/shm")
            ? Directory.CreateDirectory(Path.Combine("/dev/shm", prefix + Guid.NewGuid().ToString("N"))).FullName
            : Directory.CreateTempSubdirectory(prefix).FullName;
}
