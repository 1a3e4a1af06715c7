using System.Globalization;

namespace Declarative.Benchmarks.Support;

/// <summary>
/// Two runs timed in pairs: each pair runs both, one right after the other in the same process, alternating which goes
/// first (ABBA), and the ratio is the median of the pairs' ratios with a distribution-free 95% confidence interval. A
/// virtual machine's speed drifts by tens of percent over minutes; within a pair both runs see the same machine.
/// </summary>
public sealed record PairedTiming(int Pairs, double MedianA, double MedianB, double Ratio, double Low, double High, double Lowest, double Highest)
{
    /// <summary>Times <paramref name="a"/> against <paramref name="b"/> (each returns its own time in ms) after three warm-up pairs.</summary>
    public static PairedTiming Measure(int pairs, Func<double> a, Func<double> b)
    {
        (double A, double B) Pair(bool aFirst)
        {
            if (aFirst)
            {
                var first = a();
                return (first, b());
            }

            var second = b();
            return (a(), second);
        }

        for (var warmup = 0; warmup < 3; warmup++) Pair(aFirst: warmup % 2 == 0);
        var times = Enumerable.Range(0, pairs).Select(pair => Pair(aFirst: pair % 4 is 0 or 3)).ToList();
        var ratios = times.Select(t => t.A / t.B).Order().ToList();
        var (low, high) = MedianConfidenceInterval(ratios);
        return new PairedTiming(pairs, Median(times.Select(t => t.A)), Median(times.Select(t => t.B)), Median(ratios), low, high, ratios[0], ratios[^1]);
    }

    /// <summary>The row of the tables in docs/performance.md: pairs, the medians (B, the reference, first), the ratio, its interval, the range.</summary>
    public string Row() =>
        $"| {Pairs} | {Ms(MedianB)} | {Ms(MedianA)} | {R(Ratio)} | {R(Low)} to {R(High)} | {R(Lowest)} to {R(Highest)} |";

    private static string Ms(double value) => value.ToString("F1", CultureInfo.InvariantCulture) + " ms";

    private static string R(double value) => value.ToString("F3", CultureInfo.InvariantCulture);

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    // The order statistics whose ranks bound the binomial count of values below the median (normal approximation, fine from about 20 pairs).
    private static (double Low, double High) MedianConfidenceInterval(List<double> sorted)
    {
        var n = sorted.Count;
        var offset = 1.96 * Math.Sqrt(n) / 2;
        var low = Math.Max(0, (int)Math.Floor(n / 2.0 - offset));
        var high = Math.Min(n - 1, (int)Math.Ceiling(n / 2.0 + offset) - 1);
        return (sorted[low], sorted[high]);
    }
}
