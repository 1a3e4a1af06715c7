using Declarative.ResumeHost;
using Declarative.Tests.Support;
using static TorchSharp.torch;

namespace Declarative.Tests.Backup;

/// <summary>
/// A run's files lost or cut short between a backup and the resume are written again from what the backup holds: the
/// CSV log whole, TensorBoard's epoch values (its batch values and histograms are not in the backup, and are reported
/// lost). They were once recreated with only the rows after the resume, or left with a torn record.
/// </summary>
[Collection(WorkingDirectoryCollection.Name)]
public sealed class LostFilesResumeTests
{
    private static History<ResumableModelLogs> Run(string folder, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(folder);
        Environment.CurrentDirectory = folder;
        manual_seed(5);
        return ResumableModel.Train(new ResumableModel(), cancellationToken);
    }

    // Cancelled after batch 40 (epoch 6 under way, 6 rows written), then the file is damaged, then resumed.
    private static string Interrupted(string root, Action damage)
    {
        var interrupted = Path.Combine(root, "interrupted");
        using var cancellation = new CancellationTokenSource();
        Interrupter.AfterBatch = n => { if (n == 40) cancellation.Cancel(); };
        try
        {
            Assert.Equal(TrainingEndReason.Cancelled, Run(interrupted, cancellation.Token).End.Reason);
        }
        finally
        {
            Interrupter.AfterBatch = null;
        }

        damage();
        Run(interrupted);
        return interrupted;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_CSV_deleted_or_cut_short_since_the_backup_is_written_again_whole(bool deleted)
    {
        using var folder = new TemporaryWorkingDirectory();
        Run(Path.Combine(folder.Path, "reference"));

        var interrupted = Interrupted(folder.Path, () =>
        {
            if (deleted) File.Delete("history.csv");
            else File.WriteAllBytes("history.csv", File.ReadAllBytes("history.csv")[..150]);
        });

        Assert.Equal(File.ReadAllText(Path.Combine(folder.Path, "reference", "history.csv")), File.ReadAllText(Path.Combine(interrupted, "history.csv")));
    }

    [Fact]
    public void A_TensorBoard_file_cut_in_a_record_is_cut_back_to_whole_records_and_its_epoch_values_written_again()
    {
        using var folder = new TemporaryWorkingDirectory();
        Run(Path.Combine(folder.Path, "reference"));

        var interrupted = Interrupted(folder.Path, () =>
        {
            var file = Directory.GetFiles(Path.Combine("tensorboard", "train")).Single();
            File.WriteAllBytes(file, File.ReadAllBytes(file)[..(int)(new FileInfo(file).Length / 2 + 5)]);
        });

        // EventFiles.Read checks every record's checksums: no torn record is left.
        static List<(string, long, float)> EpochValues(string folder) => RunArtifacts.Read(folder).Scalars.Where(s => s.Tag.Contains("/epoch_", StringComparison.Ordinal)).ToList();
        Assert.Equal(EpochValues(Path.Combine(folder.Path, "reference")), EpochValues(interrupted));
    }
}
