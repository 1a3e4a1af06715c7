using System.Diagnostics;
using System.Globalization;
using Declarative.Benchmarks.Support;

namespace Declarative.Benchmarks.Steps;

/// <summary>
/// The step benchmarks (<c>--steps [pairs]</c>; 0 pairs measures only the allocations): for the custom-step workload and the tiny one, Fit against its
/// hand-written loop, checked to do the same work, then timed in pairs, then the managed bytes each allocates per batch.
/// </summary>
public static class StepRuns
{
    public static void Run(int pairs, TextWriter output)
    {
        var twoInput = StepComparison.TwoInput();
        var tiny = StepComparison.Tiny();
        output.WriteLine($"Custom step: {twoInput}; tiny model: {tiny}");
        if (!twoInput.Identical || !tiny.Identical) throw new InvalidOperationException("Fit and a hand-written loop did not do the same work.");

        if (pairs > 0) Time(pairs, output);
        Allocations(output);
    }

    private static void Time(int pairs, TextWriter output)
    {
        var (train, validation) = StepWorkloads.TwoInputData();
        var (inputs, targets) = StepWorkloads.TinyData();
        var twoInputTiming = PairedTiming.Measure(
            pairs,
            () => Time(() => { var (m, o) = StepWorkloads.CreateTwoInput(); StepFitRuns.TwoInput(m, o, train, validation, StepWorkloads.Epochs); }),
            () => Time(() => { var (m, o) = StepWorkloads.CreateTwoInput(); HandWrittenStepLoops.TwoInput(m, o, train, validation, StepWorkloads.Epochs); }));
        var tinyTiming = PairedTiming.Measure(
            pairs,
            () => Time(() => { var (m, o) = StepWorkloads.CreateTiny(); StepFitRuns.Tiny(m, o, inputs, targets, StepWorkloads.Epochs); }),
            () => Time(() => { var (m, o) = StepWorkloads.CreateTiny(); HandWrittenStepLoops.Tiny(m, o, inputs, targets, StepWorkloads.Epochs); }));

        output.WriteLine();
        output.WriteLine("| Workload | Pairs | Hand-written loop (median) | Fit (median) | Ratio Fit / hand-written (median of pairs) | 95% interval | Pairs' ratios, lowest to highest |");
        output.WriteLine("|---|------:|---------------------------:|-------------:|-------------------------------------------:|:------------:|:---|");
        output.WriteLine("| custom step, two inputs, clipping " + twoInputTiming.Row());
        output.WriteLine("| tiny model, default step " + tinyTiming.Row());
    }

    private static void Allocations(TextWriter output)
    {
        output.WriteLine();
        output.WriteLine("| Workload | Hand-written loop, bytes per batch | Fit, bytes per batch | Fit's own, per batch |");
        output.WriteLine("|---|---:|---:|---:|");
        var (fitTwo, handTwo) = (BytesPerBatch(n => RunTwoInput(n, fit: true)), BytesPerBatch(n => RunTwoInput(n, fit: false)));
        var (fitTiny, handTiny) = (BytesPerBatch(n => RunTiny(n, fit: true)), BytesPerBatch(n => RunTiny(n, fit: false)));
        output.WriteLine($"| custom step, two inputs, clipping | {B(handTwo)} | {B(fitTwo)} | {B(fitTwo - handTwo)} |");
        output.WriteLine($"| tiny model, default step | {B(handTiny)} | {B(fitTiny)} | {B(fitTiny - handTiny)} |");
    }

    private static double Time(Action run)
    {
        var stopwatch = Stopwatch.StartNew();
        run();
        return stopwatch.Elapsed.TotalMilliseconds;
    }

    private static void RunTwoInput(int batches, bool fit)
    {
        var (train, validation) = StepWorkloads.TwoInputData(batches);
        var (model, optimizer) = StepWorkloads.CreateTwoInput();
        var before = GC.GetAllocatedBytesForCurrentThread();
        if (fit) StepFitRuns.TwoInput(model, optimizer, train, validation, epochs: 1);
        else HandWrittenStepLoops.TwoInput(model, optimizer, train, validation, epochs: 1);
        Allocated = GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static void RunTiny(int batches, bool fit)
    {
        var (inputs, targets) = StepWorkloads.TinyData(batches * StepWorkloads.TinyBatchSize);
        var (model, optimizer) = StepWorkloads.CreateTiny();
        var before = GC.GetAllocatedBytesForCurrentThread();
        if (fit) StepFitRuns.Tiny(model, optimizer, inputs, targets, epochs: 1);
        else HandWrittenStepLoops.Tiny(model, optimizer, inputs, targets, epochs: 1);
        Allocated = GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static long Allocated { get; set; }

    // One epoch of 256 batches and one of 512 (after a warm-up run, so JIT and first-use costs are out): the difference
    // over 256 is what one more batch allocates, the run's fixed costs cancelling out. The median of 5 such differences.
    private static double BytesPerBatch(Action<int> run)
    {
        run(256);
        var differences = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            run(256);
            var small = Allocated;
            run(512);
            differences.Add((Allocated - small) / 256.0);
        }

        return differences.Order().ElementAt(2);
    }

    private static string B(double bytes) => bytes.ToString("F1", CultureInfo.InvariantCulture) + " B";
}
