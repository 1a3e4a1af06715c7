using Declarative.Callbacks;
using Declarative.IO;
using Declarative.Tests.Support;

namespace Declarative.Tests.Backup;

/// <summary>The backup file format and its generations: torn and damaged files are detected, and the previous one used.</summary>
public sealed class BackupFileTests : IDisposable
{
    private static readonly string[] Configuration = ["[EarlyStopping(Monitor = \"val_loss\")]", "[Accuracy]"];

    private readonly string _root = Directory.CreateTempSubdirectory("declarative-backup-").FullName;

    private string Folder => Path.Combine(_root, "backup");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Latest => Path.Combine(Folder, BackupAndRestore.LatestFileName);

    private string Previous => Path.Combine(Folder, BackupAndRestore.PreviousFileName);

    private static void Sections(BackupWriter writer, int value)
    {
        writer.Write("numbers", w =>
        {
            w.Write(value);
            w.Write("text");
        });
        writer.Write("counter", 42L);
    }

    private BackupAndRestore Create(bool allowConfigurationChange = false) => new(new BackupAndRestoreAttribute(Folder) { AllowConfigurationChange = allowConfigurationChange });

    private BackupAndRestore Save(int epoch, int value, BackupAndRestore? backup = null)
    {
        backup ??= Create();
        backup.Save(new BackupManifest(epoch, 0, Configuration), writer => Sections(writer, value));
        return backup;
    }

    private static int Value(BackupReader reader)
    {
        var value = 0;
        reader.Read("numbers", r =>
        {
            value = r.ReadInt32();
            Assert.Equal("text", r.ReadString());
        });
        return value;
    }

    [Fact]
    public void Sections_and_manifest_round_trip()
    {
        Save(epoch: 3, value: 7);
        var (manifest, reader) = BackupFile.Read(Latest);
        Assert.Equal(3, manifest.Epoch);
        Assert.Equal(Configuration, manifest.Configuration);
        Assert.Equal(7, Value(reader));
        Assert.Equal(42L, reader.ReadInt64("counter"));
    }

    [Fact]
    public void A_section_not_read_to_its_end_is_an_error()
    {
        Save(epoch: 1, value: 7);
        var (_, reader) = BackupFile.Read(Latest);
        Assert.Contains("holds", Assert.Throws<InvalidDataException>(() => reader.Read("numbers", r => r.ReadInt32())).Message);
        Assert.Throws<InvalidDataException>(() => reader.Read("missing", _ => { }));
    }

    [Fact]
    public void Each_backup_keeps_the_previous_generation()
    {
        var backup = Save(epoch: 1, value: 1);
        Save(epoch: 2, value: 2, backup);
        Assert.Equal(2, BackupFile.Read(Latest).Manifest.Epoch);
        Assert.Equal(1, BackupFile.Read(Previous).Manifest.Epoch);
    }

    [Theory]
    [InlineData("truncated", "is incomplete")]
    [InlineData("flipped", "does not match its checksum")]
    [InlineData("garbage", "is incomplete")]
    public void A_damaged_latest_backup_is_detected_and_the_previous_one_restored_with_a_message(string damage, string reason)
    {
        var backup = Save(epoch: 1, value: 1);
        Save(epoch: 2, value: 2, backup);
        var bytes = File.ReadAllBytes(Latest);
        File.WriteAllBytes(Latest, damage switch
        {
            "truncated" => bytes[..(bytes.Length / 2)],
            "flipped" => bytes.Select((b, i) => i == 5 ? (byte)(b ^ 0xFF) : b).ToArray(),
            _ => new byte[100],
        });

        var output = new StringWriter();
        using var session = Sessions.Create(output);
        var restoring = Create();
        restoring.OnTrainBegin(session);
        var restored = restoring.Restore(Configuration);

        Assert.NotNull(restored);
        Assert.Equal(1, restored.Manifest.Epoch);
        Assert.Equal(1, Value(restored.Reader));
        Assert.Contains(reason, output.ToString());
        Assert.Contains("Resuming from the previous backup", output.ToString());
    }

    // Edits of the latest backup's manifest (UTF-8 JSON, so an edit is a text replacement) that leave it well-formed.
    [Theory]
    [InlineData("\"Epoch\":2", "\"Epoch\":0", "its manifest does not match its checksum")]
    [InlineData("\"Configuration\"", "\"Configuratio_\"", "its manifest does not match its checksum")]
    [InlineData("\"numbers\"", "\"numberz\"", "its manifest does not match its checksum")]
    public void A_well_formed_but_edited_manifest_is_detected_and_the_previous_backup_restored(string from, string to, string reason)
    {
        var backup = Save(epoch: 1, value: 1);
        Save(epoch: 2, value: 2, backup);
        var text = System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(Latest));
        Assert.Contains(from, text);
        File.WriteAllBytes(Latest, System.Text.Encoding.Latin1.GetBytes(text.Replace(from, to)));

        var output = new StringWriter();
        using var session = Sessions.Create(output);
        var restoring = Create();
        restoring.OnTrainBegin(session);
        var restored = restoring.Restore(Configuration, ["numbers", "counter"]);

        Assert.Equal(1, restored!.Manifest.Epoch);
        Assert.Contains(reason, output.ToString());
        Assert.Contains("Resuming from the previous backup", output.ToString());
    }

    [Fact]
    public void A_backup_lacking_a_section_the_run_reads_is_set_aside_before_it_is_chosen()
    {
        Create().Save(new BackupManifest(1, 0, Configuration), writer => Sections(writer, 1));
        Create().Save(new BackupManifest(2, 0, Configuration), writer => writer.Write("numbers", w => { w.Write(2); w.Write("text"); }));

        var output = new StringWriter();
        using var session = Sessions.Create(output);
        var restoring = Create();
        restoring.OnTrainBegin(session);
        var restored = restoring.Restore(Configuration, ["numbers", "counter"]);

        Assert.Equal(1, restored!.Manifest.Epoch);
        Assert.Contains("it has no 'counter' section", output.ToString());
    }

    [Fact]
    public void A_backup_file_that_is_a_folder_fails_at_train_begin_and_names_it()
    {
        Directory.CreateDirectory(Latest);
        using var session = Sessions.Create();

        var error = Assert.Throws<TrainingConfigurationException>(() => Create().OnTrainBegin(session));

        Assert.Contains(Latest, error.Message);
        Assert.Contains("is a folder", error.Message);
    }

    [Fact]
    public void When_every_backup_is_damaged_training_does_not_silently_start_afresh()
    {
        var backup = Save(epoch: 1, value: 1);
        Save(epoch: 2, value: 2, backup);
        File.WriteAllBytes(Latest, new byte[10]);
        File.WriteAllBytes(Previous, new byte[10]);

        var error = Assert.Throws<TrainingConfigurationException>(() => Create().Restore(Configuration));
        Assert.Contains("Delete the folder to start training afresh", error.Message);
    }

    [Fact]
    public void Another_configuration_is_refused_saying_what_changed_unless_allowed()
    {
        Save(epoch: 1, value: 1);
        string[] changed = ["[EarlyStopping(Monitor = \"val_loss\", Patience = 5)]", "[Accuracy]"];

        var error = Assert.Throws<TrainingConfigurationException>(() => Create().Restore(changed));
        Assert.Contains("removed [EarlyStopping(Monitor = \"val_loss\")]; added [EarlyStopping(Monitor = \"val_loss\", Patience = 5)]", error.Message);

        var output = new StringWriter();
        using var session = Sessions.Create(output);
        var allowing = Create(allowConfigurationChange: true);
        allowing.OnTrainBegin(session);
        Assert.NotNull(allowing.Restore(changed));
        Assert.Contains("resuming anyway", output.ToString());
    }

    [Fact]
    public void Leftovers_of_an_interrupted_write_are_ignored_and_removed()
    {
        Save(epoch: 1, value: 1);
        var leftover = Path.Combine(Folder, $".{BackupAndRestore.LatestFileName}.{Guid.NewGuid():N}.tmp");
        File.WriteAllBytes(leftover, new byte[64]);

        Assert.Equal(1, Create().Restore(Configuration)!.Manifest.Epoch);
        Assert.False(File.Exists(leftover));
    }

    [Theory]
    [InlineData(TrainingEndReason.Completed, true)]
    [InlineData(TrainingEndReason.Stopped, true)]
    [InlineData(TrainingEndReason.Diverged, false)]
    [InlineData(TrainingEndReason.Cancelled, false)]
    [InlineData(TrainingEndReason.Failed, false)]
    public void The_backup_is_deleted_only_after_a_successful_end(TrainingEndReason reason, bool deleted)
    {
        var backup = Save(epoch: 1, value: 1);
        Save(epoch: 2, value: 2, backup);
        backup.OnTrainEnd(new TrainingEnd(reason, 1));
        Assert.Equal(!deleted, File.Exists(Latest));
        Assert.Equal(!deleted, File.Exists(Previous));
        Assert.Equal(!deleted, Directory.Exists(Folder));
    }
}
