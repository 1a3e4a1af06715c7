using Declarative.IO;
using Declarative.ResumeHost;
using Declarative.Tests.Support;
using static TorchSharp.torch;

namespace Declarative.Tests.Backup;

/// <summary>
/// One run per backup folder: a run whose folder another holds fails before its first batch, with nothing written, and
/// a lock file that no process holds any more (a killed run's) does not block. KillAndResumeTests does the same with
/// two real processes and with SIGKILL.
/// </summary>
[Collection(WorkingDirectoryCollection.Name)]
public sealed class RunFolderLockTests
{
    private static History<ResumableModelLogs> Train()
    {
        manual_seed(5);
        return ResumableModel.Train(new ResumableModel());
    }

    [Fact]
    public void A_run_into_a_folder_another_run_holds_fails_before_its_first_batch_and_writes_nothing()
    {
        using var folder = new TemporaryWorkingDirectory();
        using var other = FolderLock.Acquire("backup", "the other run");
        var batches = 0;
        Interrupter.AfterBatch = _ => batches++;
        try
        {
            var error = Assert.Throws<TrainingConfigurationException>(Train);

            Assert.Contains($"[BackupAndRestore(\"backup\", SaveFrequency = 4)]: another process (process {Environment.ProcessId} on {Environment.MachineName}, started ", error.Message);
            Assert.Contains($"is training into {Path.Combine(folder.Path, "backup")}", error.Message);
            Assert.Equal(0, batches);
            Assert.Equal([".run.lock", ".run.owner"], Directory.GetFiles(folder.Path, "*", SearchOption.AllDirectories).Select(Path.GetFileName).Order());
        }
        finally
        {
            Interrupter.AfterBatch = null;
        }
    }

    [Fact]
    public void A_lock_file_no_process_holds_does_not_block_and_the_folder_is_released_after_the_run()
    {
        using var folder = new TemporaryWorkingDirectory();
        Directory.CreateDirectory("backup");
        File.WriteAllText(Path.Combine("backup", FolderLock.FileName), string.Empty);
        File.WriteAllText(Path.Combine("backup", FolderLock.OwnerFileName), "process 999999 on elsewhere, started 2026-01-01 00:00:00Z");

        var history = Train();

        Assert.Equal(TrainingEndReason.Stopped, history.End.Reason);
        Assert.NotEmpty(history);
        Assert.False(Directory.Exists("backup"));
        using var next = FolderLock.Acquire("backup", "the next run");
    }

    [Fact]
    public void A_cancelled_run_releases_its_folder_and_keeps_its_backup()
    {
        using var folder = new TemporaryWorkingDirectory();
        using var cancellation = new CancellationTokenSource();
        Interrupter.AfterBatch = n => { if (n == 5) cancellation.Cancel(); };
        try
        {
            manual_seed(5);
            Assert.Equal(TrainingEndReason.Cancelled, ResumableModel.Train(new ResumableModel(), cancellation.Token).End.Reason);
        }
        finally
        {
            Interrupter.AfterBatch = null;
        }

        Assert.True(File.Exists(Path.Combine("backup", "backup.bin")));
        using var next = FolderLock.Acquire("backup", "the next run");
    }
}
