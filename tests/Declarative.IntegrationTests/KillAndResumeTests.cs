using System.Diagnostics;
using System.Reflection;
using Declarative.Tests.Support;

namespace Declarative.IntegrationTests;

/// <summary>
/// The training run of Declarative.ResumeHost, killed with SIGKILL (as kill -9) at several points, including in the
/// middle of a backup write, and run again until it completes, ends exactly like a run that was never interrupted: same
/// History, same end, same checkpoint files, CSV and TensorBoard values, and bit-identical final weights.
/// </summary>
public sealed class KillAndResumeTests : IDisposable
{
    private static readonly string Host = typeof(KillAndResumeTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ResumeHost").Value!;

    private const string EpochBackups = "--epoch-backups";

    // The uninterrupted runs, with batch backups (ResumableModel) and with epoch backups (EpochBackedModel).
    private static readonly Lazy<string> Reference = new(() => RunReference());

    /// <summary>The training batches of the uninterrupted run with batch backups (every epoch has 6).</summary>
    internal static int ReferenceBatches => File.ReadAllLines(Path.Combine(Reference.Value, "history.txt")).Length * 6;
    private static readonly Lazy<string> EpochBackupsReference = new(() => RunReference(EpochBackups));

    private static string RunReference(params string[] arguments)
    {
        var folder = Directory.CreateTempSubdirectory("declarative-reference-").FullName;
        var (exitCode, output) = RunHost(folder, arguments);
        Assert.True(exitCode == 0, output);
        return folder;
    }

    private readonly string _folder = Directory.CreateTempSubdirectory("declarative-killed-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    // Each step kills the host at a point of that process's run (batches and backups are counted from 1 per process;
    // backup 1 is the one of the starting point, written at train begin). Batch backups come every 4 batches, an epoch
    // has 6 batches.
    public static TheoryData<string, bool, string[]> Interruptions => new()
    {
        { "before the first batch backup", false, ["--kill-after-batch 3"] },
        { "in the middle of an epoch", false, ["--kill-after-batch 22"] },
        { "twice in one epoch (batch 22, then the resumed run's third batch, batch 23)", false, ["--kill-after-batch 22", "--kill-after-batch 3"] },
        { "while writing the first batch backup", false, ["--kill-during-backup 2"] },
        { "while writing the first backup (no backup exists yet)", false, ["--kill-during-backup 1"] },
        { "while writing a backup, then again after some batches of the resumed run", false, ["--kill-during-backup 9", "--kill-after-batch 11"] },
        { "after the last epoch began", false, ["--kill-after-batch 61"] },
        { "in the first epoch, before any epoch's backup", true, ["--kill-after-batch 5"] },
        { "while writing the first backup (no backup exists yet)", true, ["--kill-during-backup 1"] },
        { "while writing epoch 1's backup, after its row, events and checkpoint", true, ["--kill-during-backup 2"] },
        { "twice in one epoch", true, ["--kill-after-batch 9", "--kill-after-batch 2"] },
    };

    [Theory]
    [MemberData(nameof(Interruptions))]
    public void A_killed_run_resumes_and_ends_exactly_like_an_uninterrupted_one(string because, bool epochBackups, string[] kills)
    {
        string[] Arguments(string kill) => epochBackups ? [EpochBackups, .. kill.Split(' ', StringSplitOptions.RemoveEmptyEntries)] : kill.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        foreach (var kill in kills)
        {
            var (exitCode, output) = RunHost(_folder, Arguments(kill));
            Assert.True(exitCode != 0 && !output.Contains("done", StringComparison.Ordinal), $"{because}: the host was not killed ({kill})\n{output}");
        }

        var (completed, log) = RunHost(_folder, Arguments(string.Empty));
        Assert.True(completed == 0, $"{because}: the resumed run failed\n{log}");
        AssertSameAsReference(_folder, because, epochBackups ? EpochBackupsReference.Value : Reference.Value);
    }

    // With the files written on the background writer, a kill can come while a backup or a checkpoint is queued or half
    // written behind training: the resumed run still ends exactly like the uninterrupted one (written on the training thread).
    [Theory]
    [InlineData("--kill-after-batch 22")]
    [InlineData("--kill-during-backup 9", "--kill-after-batch 3")]
    public void A_run_writing_its_files_in_the_background_killed_and_resumed_ends_exactly_like_an_uninterrupted_one(params string[] kills)
    {
        foreach (var kill in kills)
        {
            var (exitCode, output) = RunHost(_folder, ["--background-saves", .. kill.Split(' ')]);
            Assert.True(exitCode != 0 && !output.Contains("done", StringComparison.Ordinal), $"the host was not killed ({kill})\n{output}");
        }

        var (completed, log) = RunHost(_folder, "--background-saves");
        Assert.True(completed == 0, $"the resumed run failed\n{log}");
        AssertSameAsReference(_folder, "background saves, killed " + string.Join(", then ", kills), Reference.Value);
    }

    // SGD with momentum and RMSprop create their state when it is loaded; a resume once lost it and failed at its first
    // step. Killed mid-epoch and resumed, a run with each ends exactly like its own uninterrupted run.
    [Theory]
    [InlineData("sgd-momentum")]
    [InlineData("rmsprop-centered-momentum")]
    public void A_run_with_an_optimizer_that_keeps_momentum_killed_mid_epoch_resumes_exactly(string optimizer)
    {
        var reference = RunReference("--optimizer", optimizer);
        try
        {
            var (exitCode, output) = RunHost(_folder, "--optimizer", optimizer, "--kill-after-batch", "22");
            Assert.True(exitCode != 0 && !output.Contains("done", StringComparison.Ordinal), $"the host was not killed\n{output}");

            var (completed, log) = RunHost(_folder, "--optimizer", optimizer);

            Assert.True(completed == 0, log);
            AssertSameAsReference(_folder, $"{optimizer}, killed after batch 22", reference);
        }
        finally
        {
            Directory.Delete(reference, recursive: true);
        }
    }

    // Fit had returned, so the run was complete and its backup deleted: running the program again trains afresh. It
    // rewrites the CSV and the checkpoints exactly, and adds its TensorBoard events to the completed run's, which are
    // not its to delete (it says so: see TensorBoardTests).
    [Fact]
    public void A_run_killed_after_Fit_returned_trains_again_and_deletes_nothing_it_did_not_write()
    {
        var (exitCode, output) = RunHost(_folder, "--kill-after-fit");
        Assert.True(exitCode != 0 && !File.Exists(Path.Combine(_folder, "weights.bin")), output);
        var first = RunArtifacts.Read(_folder);

        var (completed, log) = RunHost(_folder);

        Assert.True(completed == 0, log);
        var reference = RunArtifacts.Read(Reference.Value);
        var rerun = RunArtifacts.Read(_folder);
        Assert.Equal(reference.Csv, rerun.Csv);
        Assert.Equal(reference.Checkpoints.Keys.Order(), rerun.Checkpoints.Keys.Order());
        Assert.Equal(first.Scalars.Concat(reference.Scalars).Order(), rerun.Scalars);
        Assert.True(File.ReadAllBytes(Path.Combine(Reference.Value, "weights.bin")).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(_folder, "weights.bin"))), "final weights differ");
    }

    [Fact]
    public void A_run_killed_from_outside_at_an_arbitrary_moment_resumes_exactly()
    {
        using var process = Start(_folder);
        var seen = new System.Text.StringBuilder();
        string? line;
        while ((line = process.StandardOutput.ReadLine()) is not null && line != "batch 30") seen.AppendLine(line);

        process.Kill(entireProcessTree: true);
        process.WaitForExit();
        Assert.True(line == "batch 30", $"the host ended before batch 30 (exit code {process.ExitCode}):\n{seen}{process.StandardError.ReadToEnd()}");
        Assert.False(File.Exists(Path.Combine(_folder, "weights.bin")));
        // The killed process's lock file stays; the system dropped its lock, so it must not block the next run.
        Assert.True(File.Exists(Path.Combine(_folder, "backup", Declarative.IO.FolderLock.FileName)));

        var (completed, log) = RunHost(_folder);
        Assert.True(completed == 0, log);
        AssertSameAsReference(_folder, "killed from outside", Reference.Value);
    }

    // The first run holds its backup folder, CSV, TensorBoard and checkpoint folders; a second one into the same folder
    // fails before its first batch, naming the first, and the first ends exactly as if alone.
    [Fact]
    public void A_second_process_training_into_the_same_folder_fails_at_once_and_the_first_completes_as_if_alone()
    {
        using var first = Start(_folder, ["--pause-after-batch", "10"], input: true);
        var errors = new System.Text.StringBuilder();
        first.ErrorDataReceived += (_, e) => { lock (errors) errors.AppendLine(e.Data); };
        first.BeginErrorReadLine();
        var seen = new System.Text.StringBuilder();
        string? line;
        while ((line = first.StandardOutput.ReadLine()) is not null && line != "paused") seen.AppendLine(line);
        if (line != "paused") Assert.Fail($"the first run ended before pausing:\n{seen}{errors}");

        var (exitCode, output) = RunHost(_folder);

        first.StandardInput.WriteLine();
        var rest = first.StandardOutput.ReadToEnd();
        first.WaitForExit();
        Assert.True(exitCode != 0, output);
        Assert.Contains($"process {first.Id} on {Environment.MachineName}", output);
        // Refused at the first path the first run holds (its checkpoint folder: savers claim before backups).
        Assert.Contains($"is writing {Path.Combine(_folder, "checkpoints")}", output);
        Assert.DoesNotContain("batch 1", output);
        Assert.True(first.ExitCode == 0, rest + errors);
        AssertSameAsReference(_folder, "with a second process refused", Reference.Value);
    }

    [Fact]
    public void A_damaged_latest_backup_is_reported_and_the_previous_generation_used()
    {
        var (exitCode, _) = RunHost(_folder, "--kill-after-batch", "30");
        Assert.NotEqual(0, exitCode);
        var latest = Path.Combine(_folder, "backup", "backup.bin");
        var bytes = File.ReadAllBytes(latest);
        File.WriteAllBytes(latest, bytes[..(bytes.Length * 2 / 3)]);

        var (completed, log) = RunHost(_folder);

        Assert.True(completed == 0, log);
        AssertSameAsReference(_folder, "damaged latest backup", Reference.Value);
    }

    /// <summary>Asserts that the run in <paramref name="folder"/> ended exactly like the uninterrupted one with batch backups.</summary>
    internal static void AssertSameAsReference(string folder, string because) => AssertSameAsReference(folder, because, Reference.Value);

    private static void AssertSameAsReference(string folder, string because, string reference)
    {
        foreach (var file in new[] { "history.txt", "end.txt" })
            Assert.True(File.ReadAllText(Path.Combine(reference, file)) == File.ReadAllText(Path.Combine(folder, file)), $"{because}: {file} differs");
        Assert.True(File.ReadAllBytes(Path.Combine(reference, "weights.bin")).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(folder, "weights.bin"))), $"{because}: final weights differ");
        RunArtifacts.AssertSame(reference, folder);
        Assert.False(Directory.Exists(Path.Combine(folder, "backup")), $"{because}: the backup should be deleted after the successful end");
    }

    internal static (int ExitCode, string Output) RunHost(string folder, params string[] arguments)
    {
        using var process = Start(folder, arguments);
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }

    private static Process Start(string folder, params string[] arguments) => Start(folder, arguments, input: false);

    internal static Process Start(string folder, string[] arguments, bool input)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = input };
        start.ArgumentList.Add(Host);
        start.ArgumentList.Add(folder);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        return Process.Start(start)!;
    }
}
