using System.Diagnostics;
using Declarative.Benchmarks.Support;

namespace Declarative.Benchmarks.Training;

/// <summary>
/// The time ratio of Fit to the hand-written loop, measured in pairs (<see cref="PairedTiming"/>): BenchmarkDotNet runs
/// one benchmark's iterations after the other's, so a virtual machine's drift lands in its ratio, while within a pair
/// both runs see the same machine. Run with <c>--paired [pairs]</c>.
/// </summary>
public static class PairedTrainingRuns
{
    public static void Run(int pairs, TextWriter output)
    {
        using var data = TrainingWorkload.Create();
        var comparison = TrainingComparison.Run(data);
        output.WriteLine($"Fit and the hand-written loop: {comparison}");
        if (!comparison.Identical) throw new InvalidOperationException("Fit and the hand-written loop did not do the same work.");

        var timing = PairedTiming.Measure(pairs, () => Time(data, fit: true), () => Time(data, fit: false));
        output.WriteLine();
        output.WriteLine("| Pairs | Hand-written loop (median) | Fit (median) | Ratio Fit / hand-written (median of pairs) | 95% interval | Pairs' ratios, lowest to highest |");
        output.WriteLine("|------:|---------------------------:|-------------:|-------------------------------------------:|:------------:|:---|");
        output.WriteLine(timing.Row());
    }

    /// <summary>One whole training run, from a fresh seeded model in a fresh folder, in milliseconds.</summary>
    private static double Time(TrainingWorkload data, bool fit)
    {
        var home = Environment.CurrentDirectory;
        var folder = ScratchFolder.Create("declarative-paired-");
        Environment.CurrentDirectory = folder;
        var (model, optimizer) = data.CreateModel();
        try
        {
            var stopwatch = Stopwatch.StartNew();
            if (fit) FitRun.Run(model, optimizer, data);
            else HandWrittenLoop.Run(model, optimizer, data, TextWriter.Null);
            return stopwatch.Elapsed.TotalMilliseconds;
        }
        finally
        {
            model.Dispose();
            optimizer.Dispose();
            Environment.CurrentDirectory = home;
            Directory.Delete(folder, recursive: true);
        }
    }
}
