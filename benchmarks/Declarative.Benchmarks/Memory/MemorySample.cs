using System.Diagnostics;

namespace Declarative.Benchmarks.Memory;

/// <summary>The process's memory at one epoch end: resident set, the managed heap after a full collection, live tensors.</summary>
public readonly record struct MemorySample(int Epoch, long ResidentBytes, long ManagedBytes, long LiveTensors)
{
    public static MemorySample Take(int epoch)
    {
        var managed = GC.GetTotalMemory(forceFullCollection: true);
        using var process = Process.GetCurrentProcess();
        return new MemorySample(epoch, process.WorkingSet64, managed, TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }
}
