using System.Globalization;
using Declarative.Benchmarks.Support;
using static TorchSharp.torch;

namespace Declarative.Benchmarks.Memory;

/// <summary>
/// Memory over a long run: trains one model (<c>all</c>: every callback; <c>none</c>: no callback) for N epochs and
/// prints, every few epochs, the resident set, the managed heap after a full collection and the live tensors. Run with
/// <c>--memory all|none [epochs]</c>, one variant per process (the resident set is the whole process's).
/// </summary>
public static class LongRunMemory
{
    public static void Run(string variant, int epochs, TextWriter output)
    {
        set_num_threads(1);
        manual_seed(7);
        var home = Environment.CurrentDirectory;
        var folder = ScratchFolder.Create("declarative-memory-");
        Environment.CurrentDirectory = folder;
        try
        {
            var inputs = randn(512, 8);
            var targets = inputs[.., ..4].argmax(1);
            var validation = (randn(128, 8), randint(0, 4, 128, dtype: ScalarType.Int64));
            nn.Module model = variant switch
            {
                "all" => Train(new AllCallbacksModel(), m => m.Fit(inputs, targets, 32, epochs, optim.Adam(m.parameters(), 1e-3), nn.CrossEntropyLoss(), validation, progress: ProgressMode.Silent, output: TextWriter.Null)),
                "none" => Train(new NoCallbacksModel(), m => m.Fit(inputs, targets, 32, epochs, optim.Adam(m.parameters(), 1e-3), nn.CrossEntropyLoss(), validation, progress: ProgressMode.Silent, output: TextWriter.Null)),
                _ => throw new ArgumentException($"Unknown variant '{variant}': use all or none.", nameof(variant)),
            };
            model.Dispose();
        }
        finally
        {
            Environment.CurrentDirectory = home;
            Directory.Delete(folder, recursive: true);
        }

        output.WriteLine("| Epoch | Resident set (MB) | Managed heap (MB) | Live tensors |");
        output.WriteLine("|------:|------------------:|------------------:|-------------:|");
        var samples = MemoryProbe.Samples;
        foreach (var sample in samples.Where(s => s.Epoch % Math.Max(1, epochs / 20) == 0 || s.Epoch == samples[^1].Epoch))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {sample.Epoch} | {sample.ResidentBytes / 1048576.0:F1} | {sample.ManagedBytes / 1048576.0:F2} | {sample.LiveTensors} |"));
        }
    }

    private static T Train<T>(T model, Action<T> fit)
    {
        fit(model);
        return model;
    }
}
