using System.Diagnostics;
using System.Globalization;
using Declarative.Benchmarks.Support;

namespace Declarative.Benchmarks.Training;

/// <summary>
/// The time ratio of Fit to the hand-written loop, measured in pairs: each pair runs both, one right after the other in
/// the same process, alternating which goes first (ABBA), and the ratio is the median of the pairs' ratios. A virtual
/// machine's speed drifts by tens of percent over minutes; BenchmarkDotNet runs one benchmark's iterations after the
/// other's, in separate processes, so that drift lands in its ratio, while within a pair both runs see the same machine.
/// Run with <c>--paired [pairs]</c>.
/// </summary>
public static class PairedTrainingRuns
{
    public static void Run(int pairs, TextWriter output)
    {
        using var data = TrainingWorkload.Create();
        var comparison = TrainingComparison.Run(data);
        output.WriteLine($"Fit and the hand-written loop: {comparison}");
        if (!comparison.Identical) throw new InvalidOperationException("Fit and the hand-written loop did not do the same work.");

        for (var warmup = 0; warmup < 3; warmup++) Pair(data, fitFirst: warmup % 2 == 0);

        var fit = new List<double>();
        var hand = new List<double>();
        for (var pair = 0; pair < pairs; pair++)
        {
            var (fitMs, handMs) = Pair(data, fitFirst: pair % 4 is 0 or 3);
            fit.Add(fitMs);
            hand.Add(handMs);
        }

        var ratios = fit.Zip(hand, (f, h) => f / h).Order().ToList();
        var (low, high) = MedianConfidenceInterval(ratios);
        string Ms(List<double> times) => Median(times.Order().ToList()).ToString("F1", CultureInfo.InvariantCulture) + " ms";
        string R(double value) => value.ToString("F3", CultureInfo.InvariantCulture);
        output.WriteLine();
        output.WriteLine($"| Pairs | Hand-written loop (median) | Fit (median) | Ratio Fit / hand-written (median of pairs) | 95% interval | Pairs' ratios, lowest to highest |");
        output.WriteLine($"|------:|---------------------------:|-------------:|-------------------------------------------:|:------------:|:---|");
        output.WriteLine($"| {pairs} | {Ms(hand)} | {Ms(fit)} | {R(Median(ratios))} | {R(low)} to {R(high)} | {R(ratios[0])} to {R(ratios[^1])} |");
    }

    private static (double Fit, double Hand) Pair(TrainingWorkload data, bool fitFirst)
    {
        if (fitFirst)
        {
            var fit = Time(data, fit: true);
            return (fit, Time(data, fit: false));
        }
        var hand = Time(data, fit: false);
        return (Time(data, fit: true), hand);
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

    private static double Median(List<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;

    /// <summary>
    /// A distribution-free 95% confidence interval for the median: the order statistics whose ranks bound the binomial
    /// count of values below the median (normal approximation, fine from about 20 pairs).
    /// </summary>
    private static (double Low, double High) MedianConfidenceInterval(List<double> sorted)
    {
        var n = sorted.Count;
        var offset = 1.96 * Math.Sqrt(n) / 2;
        var low = Math.Max(0, (int)Math.Floor(n / 2.0 - offset));
        var high = Math.Min(n - 1, (int)Math.Ceiling(n / 2.0 + offset) - 1);
        return (sorted[low], sorted[high]);
    }
}
