using BenchmarkDotNet.Running;

// Every benchmark, or those --filter selects; docs/performance.md has the command and the results.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
