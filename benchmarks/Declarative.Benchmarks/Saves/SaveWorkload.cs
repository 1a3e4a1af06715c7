using System.Diagnostics;
using Declarative.Benchmarks.Support;
using static TorchSharp.torch;

namespace Declarative.Benchmarks.Saves;

/// <summary>
/// What a backup every 20 batches costs a run's throughput, written on the training thread and on the background writer
/// (<c>Fit(..., backgroundSaves: true)</c>), against the same run without backups, timed in pairs (<see cref="PairedTiming"/>).
/// The files go to the real disk (a temporary folder), where a synchronous save waits for the flush. Run with <c>--saves [pairs] [threads]</c>.
/// </summary>
public static class SaveWorkload
{
    public const int Width = 3584;
    private const int Batches = 120;
    private const int BatchSize = 32;

    /// <param name="pairs">How many pairs of runs to time.</param>
    /// <param name="threads">libtorch's compute threads (0: its default, one per core); fewer leave a core to the writer.</param>
    /// <param name="output">Where the table goes.</param>
    public static void Run(int pairs, int threads, TextWriter output)
    {
        if (threads > 0) set_num_threads(threads);
        manual_seed(1);
        using var inputs = randn(Batches * BatchSize, Width);
        using var targets = randn(Batches * BatchSize, Width);
        output.WriteLine($"{Batches} batches of {BatchSize}, one epoch; a backup every 20 batches (and the one at train begin): 7 backups of {Width * (Width + 1) * 4 / 1e6:F1} MB; libtorch computes on {get_num_threads()} of {Environment.ProcessorCount} cores.");
        output.WriteLine();
        output.WriteLine("| Saves | Pairs | Without backups (median) | With backups (median) | Ratio (median of pairs) | 95% interval | Pairs' ratios, lowest to highest |");
        output.WriteLine("|:------|------:|-------------------------:|----------------------:|------------------------:|:------------:|:---|");
        foreach (var background in new[] { false, true })
        {
            var timing = PairedTiming.Measure(pairs, () => Time(inputs, targets, backups: true, background), () => Time(inputs, targets, backups: false, background));
            output.WriteLine($"| {(background ? "background" : "on the training thread")} " + timing.Row());
        }

        output.WriteLine();
        WriteCaptureCost(output);
    }

    /// <summary>
    /// What the model's section of a snapshot costs the training thread (the median of 15): serialized there, as
    /// <c>Module.save</c> writes it, or copied there, as a background save takes it (into the copies of the save
    /// before, which the writer serialized and gave back).
    /// </summary>
    private static void WriteCaptureCost(TextWriter output)
    {
        using var model = new UnsavedModel();
        using var pool = new State.TensorCopyPool();
        var serialized = new List<double>();
        var copied = new List<double>();
        for (var i = 0; i < 15; i++)
        {
            var stopwatch = Stopwatch.StartNew();
            using (var writer = new BinaryWriter(new MemoryStream())) model.save(writer);
            serialized.Add(stopwatch.Elapsed.TotalMilliseconds);

            stopwatch.Restart();
            var section = State.SnapshotSection.OfTensorCopies("model", model.state_dict(), pool, sizes: null);
            copied.Add(stopwatch.Elapsed.TotalMilliseconds);
            _ = section.Bytes; // serializes the copy and gives it back, as the writer does
        }

        output.WriteLine($"The model's section on the training thread (median of 15): serialized there {serialized.Order().ElementAt(7):F1} ms; copied there {copied.Order().ElementAt(7):F1} ms.");
    }

    /// <summary>One epoch of training from a fresh seeded model in a fresh folder, in milliseconds (until Fit returns: every file complete).</summary>
    private static double Time(Tensor inputs, Tensor targets, bool backups, bool background)
    {
        var home = Environment.CurrentDirectory;
        var folder = Directory.CreateTempSubdirectory("declarative-saves-").FullName;
        Environment.CurrentDirectory = folder;
        manual_seed(2);
        using nn.Module<Tensor, Tensor> model = backups ? new BackedUpModel() : new UnsavedModel();
        using var optimizer = optim.SGD(model.parameters(), 1e-4);
        try
        {
            var stopwatch = Stopwatch.StartNew();
            if (model is BackedUpModel backedUp)
                backedUp.Fit(inputs, targets, BatchSize, 1, optimizer, nn.MSELoss(), progress: ProgressMode.Silent, output: TextWriter.Null, backgroundSaves: background);
            else
                ((UnsavedModel)model).Fit(inputs, targets, BatchSize, 1, optimizer, nn.MSELoss(), progress: ProgressMode.Silent, output: TextWriter.Null, backgroundSaves: background);
            return stopwatch.Elapsed.TotalMilliseconds;
        }
        finally
        {
            Environment.CurrentDirectory = home;
            Directory.Delete(folder, recursive: true);
        }
    }
}
