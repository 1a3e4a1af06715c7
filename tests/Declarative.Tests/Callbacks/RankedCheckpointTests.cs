using System.Text.Json.Nodes;
using Declarative.Callbacks;
using Declarative.IO;
using Declarative.Tests.Models;
using Declarative.Tests.Support;
using Declarative.Training;

namespace Declarative.Tests.Callbacks;

/// <summary>
/// ModelCheckpoint's ranked files (SaveTopK), its last file, its saves on time and on interruption, and the manifest
/// beside them (Lightning's save_top_k, save_last, train_time_interval, OnExceptionCheckpoint).
/// </summary>
public sealed class RankedCheckpointTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("declarative-ranked-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Manifest => Path.Combine(_folder, CheckpointManifest.FileName);

    private ModelCheckpoint<SequenceModelLogs> Create(Action<ModelCheckpointAttribute>? configure = null, string fileName = "m-{epoch}.bin")
    {
        var settings = new ModelCheckpointAttribute(Path.Combine(_folder, fileName)) { SaveTopK = 2, Mode = MonitorMode.Min };
        configure?.Invoke(settings);
        return new(settings, SequenceModelLogs.Monitors.ValValue);
    }

    // (values, k, direction, the 1-based epochs kept at the end, best first)
    public static TheoryData<string, double[], int, MetricDirection, int[]> Rankings => new()
    {
        { "keeps the k best, best first", [0.5, 0.4, 0.6, 0.3, 0.35], 2, MetricDirection.Minimize, [4, 5] },
        { "max mode", [0.5, 0.4, 0.6, 0.3, 0.35], 2, MetricDirection.Maximize, [3, 1] },
        { "a tie with the worst does not enter (the older file stays)", [0.5, 0.4, 0.5], 2, MetricDirection.Minimize, [2, 1] },
        { "NaN never enters, even when there is room", [double.NaN, 0.4, double.NaN], 2, MetricDirection.Minimize, [2] },
        { "k = 1 keeps the best", [0.5, 0.4, 0.6, 0.3], 1, MetricDirection.Minimize, [4] },
        { "fewer saves than k keep them all", [0.5, 0.6], 3, MetricDirection.Minimize, [1, 2] },
    };

    [Theory]
    [MemberData(nameof(Rankings))]
    public void Keeps_the_k_best_files_and_deletes_the_others(string because, double[] values, int k, MetricDirection direction, int[] expected)
    {
        using var session = Sessions.Create();
        var checkpoint = Create(s =>
        {
            s.SaveTopK = k;
            s.Mode = Sessions.Mode(direction);
        });
        checkpoint.OnTrainBegin(session);
        for (var epoch = 0; epoch < values.Length; epoch++) checkpoint.OnEpochEnd(epoch, Sessions.Logs(epoch, values[epoch]));

        Assert.True(expected.SequenceEqual(checkpoint.Kept.Select(entry => entry.Epoch + 1)), $"{because}: kept {string.Join(", ", checkpoint.Kept.Select(e => e.Epoch + 1))}");
        Assert.True(expected.Select(epoch => $"m-{epoch}.bin").Order(StringComparer.Ordinal).SequenceEqual(CheckpointFiles()), because);
        Assert.Equal(checkpoint.Kept.Select(entry => entry.Path), CheckpointManifest.ReadRanking(Manifest)!.Select(entry => entry.Path));
    }

    [Fact]
    public void The_manifest_lists_each_kept_file_with_its_epoch_step_value_and_rank()
    {
        using var session = Sessions.Create();
        var checkpoint = Create();
        checkpoint.OnTrainBegin(session);
        session.Steps = 10;
        checkpoint.OnEpochEnd(0, Sessions.Logs(0, 0.5));
        session.Steps = 20;
        checkpoint.OnEpochEnd(1, Sessions.Logs(1, 0.25));

        var manifest = JsonNode.Parse(File.ReadAllText(Manifest))!;
        Assert.Equal("val_value", (string?)manifest["monitor"]);
        Assert.Equal("min", (string?)manifest["mode"]);
        Assert.Equal(2, (int?)manifest["top_k"]);
        var entries = manifest["checkpoints"]!.AsArray();
        Assert.Equal(["m-2.bin", "m-1.bin"], entries.Select(e => (string?)e!["file"]));
        Assert.Equal([1, 2], entries.Select(e => (int)e!["rank"]!));
        Assert.Equal([1, 0], entries.Select(e => (int)e!["epoch"]!));
        Assert.Equal([20L, 10L], entries.Select(e => (long)e!["step"]!));
        Assert.Equal([0.25, 0.5], entries.Select(e => (double)e!["value"]!));
        Assert.Equal(0.25, checkpoint.Best);
    }

    [Fact]
    public void A_file_leaves_the_ranking_only_after_its_replacement_and_the_manifest_are_complete()
    {
        using var session = Sessions.Create();
        var writer = new RecordingWriter();
        session.Files = writer;
        var checkpoint = Create(s => s.SaveTopK = 1);
        checkpoint.OnTrainBegin(session);
        checkpoint.OnEpochEnd(0, Sessions.Logs(0, 0.5));
        writer.Operations.Clear();
        checkpoint.OnEpochEnd(1, Sessions.Logs(1, 0.4));

        Assert.Equal(["write m-2.bin", "write checkpoints.json", "delete m-1.bin"], writer.Operations);
    }

    // A crash (a kill, a power cut) before each write or deletion of a run, in turn: the files the manifest names are
    // complete, never fewer than k intact files remain once k were written, the best written file is never deleted, and a
    // resumed run ends with the files an uninterrupted run keeps.
    [Fact]
    public void A_crash_at_any_point_never_loses_the_best_nor_leaves_fewer_than_k_files_and_a_resume_ends_as_an_uninterrupted_run()
    {
        double[] values = [0.5, 0.4, 0.6, 0.3, 0.35, 0.2, 0.45];
        var expected = Run(values, crashAt: null, _ => { });
        var operations = RecordingWriter.Count;
        Assert.True(operations > 10);
        for (var crashAt = 0; crashAt < operations; crashAt++)
        {
            var written = new List<(int Epoch, double Value)>();
            Run(values, crashAt, epoch => written.Add((epoch, values[epoch])));
            var intact = CheckpointFiles().Where(file => Intact(Path.Combine(_folder, file))).ToList();
            Assert.True(intact.Count >= Math.Min(2, written.Count), $"crash at {crashAt}: {intact.Count} intact files after {written.Count} saves");
            if (written.Count > 0) Assert.Contains($"m-{written.MinBy(w => w.Value).Epoch + 1}.bin", intact);
            foreach (var entry in CheckpointManifest.ReadRanking(Manifest) ?? []) Assert.True(Intact(entry.Path), $"crash at {crashAt}: the manifest names {entry.Path}, which is not complete");

            var resumed = Run(values, crashAt: null, _ => { }, resume: true);
            Assert.Equal(expected, resumed);
            Assert.Equal(expected, CheckpointFiles());
            foreach (var file in Directory.GetFiles(_folder)) File.Delete(file);
        }
    }

    // Runs the epochs of a checkpoint keeping the two best, backing its state up after each epoch; returns the files kept.
    private List<string> Run(double[] values, int? crashAt, Action<int> saved, bool resume = false)
    {
        using var session = Sessions.Create();
        var writer = new RecordingWriter { CrashAt = crashAt, Saved = path => { if (Path.GetFileName(path).StartsWith("m-")) saved(int.Parse(Path.GetFileNameWithoutExtension(path)[2..]) - 1); } };
        session.Files = writer;
        var checkpoint = Create();
        checkpoint.OnTrainBegin(session);
        var first = 0;
        if (resume && _backup is { } backup)
        {
            using var reader = new BinaryReader(new MemoryStream(backup.State));
            checkpoint.LoadState(reader);
            first = backup.Epoch + 1;
        }

        if (!resume) _backup = null;
        try
        {
            for (var epoch = first; epoch < values.Length; epoch++)
            {
                checkpoint.OnEpochEnd(epoch, Sessions.Logs(epoch, values[epoch]));
                var state = new MemoryStream();
                using (var stateWriter = new BinaryWriter(state)) checkpoint.SaveState(stateWriter);
                _backup = (epoch, state.ToArray());
            }
        }
        catch (SimulatedCrash)
        {
        }

        return CheckpointFiles();
    }

    private (int Epoch, byte[] State)? _backup;

    [Fact]
    public void The_last_file_holds_the_latest_state_at_every_epoch_end_whether_or_not_it_is_ranked_or_validated()
    {
        using var session = Sessions.Create();
        var checkpoint = Create(s => s.LastFilePath = Path.Combine(_folder, "last.bin"));
        checkpoint.OnTrainBegin(session);
        checkpoint.OnEpochEnd(0, Sessions.Logs(0, 0.2));
        checkpoint.OnEpochEnd(1, Sessions.Logs(1, 0.1));
        checkpoint.OnEpochEnd(2, Sessions.Logs(2, 0.9));
        Assert.Equal(2, checkpoint.LastState!.Epoch);
        checkpoint.OnEpochEnd(3, new SequenceModelLogs { Epoch = 3, Value = 0.5, Loss = 0.5 });

        Assert.Equal(new LastCheckpoint(Path.Combine(_folder, "last.bin"), 3, null, 0, "epoch end"), checkpoint.LastState);
        Assert.True(Intact(Path.Combine(_folder, "last.bin")));
        var last = JsonNode.Parse(File.ReadAllText(Manifest))!["last"]!;
        Assert.Equal("last.bin", (string?)last["file"]);
        Assert.Equal(3, (int)last["epoch"]!);
        Assert.Equal(["m-1.bin", "m-2.bin"], CheckpointFiles());
    }

    [Theory]
    [InlineData(TrainingEndReason.Cancelled, "cancelled")]
    [InlineData(TrainingEndReason.Failed, "failed")]
    public void An_interrupted_run_is_saved_to_the_last_file(TrainingEndReason reason, string written)
    {
        using var session = Sessions.Create();
        var checkpoint = Create(s =>
        {
            s.LastFilePath = Path.Combine(_folder, "last.bin");
            s.SaveOnInterrupt = true;
        });
        checkpoint.OnTrainBegin(session);
        checkpoint.OnEpochEnd(0, Sessions.Logs(0, 0.2));
        session.Epoch = 1;
        session.Position = new TrainingPosition(1, 3, true);
        checkpoint.OnTrainInterrupted(new TrainingEnd(reason, 0));

        Assert.Equal(new LastCheckpoint(Path.Combine(_folder, "last.bin"), 1, 2, 0, written), checkpoint.LastState);
        Assert.Equal(written, (string?)JsonNode.Parse(File.ReadAllText(Manifest))!["last"]!["reason"]);
    }

    [Fact]
    public void Without_save_on_interrupt_an_interruption_writes_nothing()
    {
        using var session = Sessions.Create();
        var checkpoint = Create(s => s.LastFilePath = Path.Combine(_folder, "last.bin"));
        checkpoint.OnTrainBegin(session);
        checkpoint.OnTrainInterrupted(new TrainingEnd(TrainingEndReason.Cancelled, -1));
        Assert.False(File.Exists(Path.Combine(_folder, "last.bin")));
    }

    [Fact]
    public void Saves_on_training_time_at_the_first_batch_end_after_the_interval()
    {
        using var session = Sessions.Create();
        var clock = new ManualClock();
        var checkpoint = new ModelCheckpoint<SequenceModelLogs>(new ModelCheckpointAttribute(Path.Combine(_folder, "m-{epoch}.bin")) { SaveInterval = "00:10:00" }) { Time = clock };
        checkpoint.OnTrainBegin(session);
        clock.Advance(TimeSpan.FromMinutes(9));
        checkpoint.OnTrainBatchEnd(0);
        Assert.Empty(CheckpointFiles());
        clock.Advance(TimeSpan.FromMinutes(1));
        checkpoint.OnTrainBatchEnd(1);
        Assert.Equal(["m-1.bin"], CheckpointFiles());
        File.Delete(Path.Combine(_folder, "m-1.bin"));
        clock.Advance(TimeSpan.FromMinutes(5));
        checkpoint.OnTrainBatchEnd(2);
        Assert.Empty(CheckpointFiles());
    }

    [Fact]
    public void A_save_on_time_that_ranks_by_a_validation_value_waits_for_the_epochs_validation()
    {
        using var session = Sessions.Create();
        var clock = new ManualClock();
        var checkpoint = Create(s => s.SaveInterval = "00:01:00");
        checkpoint.Time = clock;
        checkpoint.OnTrainBegin(session);
        clock.Advance(TimeSpan.FromMinutes(2));
        checkpoint.OnTrainBatchEnd(0);
        Assert.Empty(CheckpointFiles());
        checkpoint.OnEpochEnd(0, Sessions.Logs(0, 0.3));
        Assert.Equal([0.3], checkpoint.Kept.Select(entry => entry.Value));
    }

    [Fact]
    public void A_resumed_run_reads_the_ranking_from_the_manifest_and_deletes_a_file_it_was_deleting()
    {
        using var session = Sessions.Create();
        var checkpoint = Create();
        checkpoint.OnTrainBegin(session);
        checkpoint.OnEpochEnd(0, Sessions.Logs(0, 0.5));
        var state = new MemoryStream();
        using (var writer = new BinaryWriter(state, System.Text.Encoding.UTF8, leaveOpen: true)) checkpoint.SaveState(writer);
        checkpoint.OnEpochEnd(1, Sessions.Logs(1, 0.4));
        checkpoint.OnEpochEnd(2, Sessions.Logs(2, 0.3));
        // A crash between the manifest and the deletion: m-1.bin is still there, named as leaving.
        File.WriteAllText(Path.Combine(_folder, "m-1.bin"), "stale");
        var manifest = JsonNode.Parse(File.ReadAllText(Manifest))!.AsObject();
        manifest["leaving"] = "m-1.bin";
        File.WriteAllText(Manifest, manifest.ToJsonString());

        var resumed = Create();
        resumed.OnTrainBegin(session);
        state.Position = 0;
        using (var reader = new BinaryReader(state)) resumed.LoadState(reader);

        Assert.Equal([3, 2], resumed.Kept.Select(entry => entry.Epoch + 1));
        Assert.Equal(0.3, resumed.Best);
        Assert.Equal(["m-2.bin", "m-3.bin"], CheckpointFiles());
    }

    [Theory]
    [InlineData("SaveTopK", "SaveTopK keeps the k best files by the monitored value; say which value with Monitor")]
    [InlineData("SaveBestOnly", "SaveTopK already keeps only the best files; remove SaveBestOnly")]
    [InlineData("FixedName", "each of the k best files needs a name of its own; put {epoch}")]
    [InlineData("LastPlaceholder", "the last file keeps one name: give a file name without placeholders")]
    [InlineData("SaveOnInterrupt", "an interrupted run is saved to the last file; set LastFilePath")]
    public void Settings_that_contradict_each_other_are_refused(string mistake, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => mistake switch
        {
            "SaveTopK" => new ModelCheckpoint<SequenceModelLogs>(new ModelCheckpointAttribute("m-{epoch}.bin") { SaveTopK = 2 }),
            "SaveBestOnly" => Create(s => s.SaveBestOnly = true),
            "FixedName" => Create(fileName: "m.bin"),
            "LastPlaceholder" => Create(s => s.LastFilePath = "last-{epoch}.bin"),
            _ => Create(s => s.SaveOnInterrupt = true),
        });
        Assert.Contains(message, error.Message);
    }

    private List<string> CheckpointFiles() =>
        Directory.GetFiles(_folder, "m-*.bin").Select(path => Path.GetFileName(path)!).Order(StringComparer.Ordinal).ToList();

    private static bool Intact(string path)
    {
        if (!File.Exists(path)) return false;
        try
        {
            using var stream = File.OpenRead(path);
            CheckpointIntegrity.Verify(path, stream);
            return true;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    private sealed class SimulatedCrash : Exception;

    // Writes as a run does, recording each operation by file name, and crashes (before doing it) at the operation asked.
    private sealed class RecordingWriter : IFileWriter
    {
        public static int Count { get; private set; }

        public List<string> Operations { get; } = [];

        public int? CrashAt { get; init; }

        public Action<string> Saved { get; init; } = _ => { };

        public void Write(string path, Action<Stream> write, Action? beforeReplace = null)
        {
            Next("write " + Path.GetFileName(path));
            AtomicFile.Write(path, write, beforeReplace);
            Saved(path);
        }

        public void Delete(string path)
        {
            Next("delete " + Path.GetFileName(path));
            File.Delete(path);
        }

        public void Flush()
        {
        }

        private void Next(string operation)
        {
            if (Operations.Count == CrashAt) throw new SimulatedCrash();
            Operations.Add(operation);
            Count = Operations.Count;
        }
    }
}
