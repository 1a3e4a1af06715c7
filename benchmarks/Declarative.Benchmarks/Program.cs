using System.Globalization;
using BenchmarkDotNet.Running;
using Declarative.Benchmarks.Steps;
using Declarative.Benchmarks.Training;

// Every benchmark, or those --filter selects; --paired [pairs] measures the training time ratio in alternating pairs;
// --steps [pairs] does the same for a custom step and a tiny model, and measures the bytes allocated per batch;
// --memory all|none [epochs] prints the memory curve of a long run; --saves [pairs] [threads] measures what backups cost a run's
// throughput, written on the training thread and in the background.
// docs/performance.md has the commands and the results.
if (args is ["--paired", ..])
{
    PairedTrainingRuns.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 40, Console.Out);
    return;
}

if (args is ["--steps", ..])
{
    StepRuns.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 40, Console.Out);
    return;
}

if (args is ["--saves", ..])
{
    Declarative.Benchmarks.Saves.SaveWorkload.Run(
        args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20,
        args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 0,
        Console.Out);
    return;
}

if (args is ["--memory", var variant, ..])
{
    Declarative.Benchmarks.Memory.LongRunMemory.Run(variant, args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 200, Console.Out);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
