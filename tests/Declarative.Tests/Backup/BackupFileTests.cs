using Declarative.Callbacks;
using Declarative.IO;
using Declarative.State;
using Declarative.Training;
using static TorchSharp.torch;
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

    // A callback's state: one number and a text, read to their end.
    private sealed class Numbers(int value) : IPersistentState
    {
        public int Value { get; private set; } = value;

        public void SaveState(BinaryWriter writer)
        {
            writer.Write(Value);
            writer.Write("text");
        }

        public void LoadState(BinaryReader reader)
        {
            Value = reader.ReadInt32();
            Assert.Equal("text", reader.ReadString());
        }
    }

    private BackupAndRestore Create(bool allowConfigurationChange = false) => new(new BackupAndRestoreAttribute(Folder) { AllowConfigurationChange = allowConfigurationChange });

    private const string NumbersLine = "[Callback(typeof(Numbers))]";

    // A run at the start of an epoch whose configuration declares the callback "numbers" (unless not
    // <paramref name="declared"/>), and whose state has its section when it has a <paramref name="value"/>.
    private static (TrainingSession Session, Numbers Numbers) Run(int epoch, int? value, TextWriter? output = null, bool declared = true)
    {
        var model = nn.Linear(1, 1);
        var session = new TrainingSession(model, [("optimizer", optim.SGD(model.parameters(), 0.1))], batchesPerEpoch: null, hasValidation: true,
            epochs: 1000, initialEpoch: 0, metrics: [], output ?? TextWriter.Null, CancellationToken.None, declared ? [NumbersLine] : []);
        var numbers = new Numbers(value ?? 0);
        if (value is not null) session.State.Add("numbers", numbers);
        session.Position = new TrainingPosition(epoch, 0, false);
        return (session, numbers);
    }

    private static RunSnapshot Snapshot(int epoch, int? value, bool declared = true)
    {
        using var session = Run(epoch, value, declared: declared).Session;
        return session.State.Capture();
    }

    private BackupAndRestore Save(int epoch, int value, BackupAndRestore? backup = null)
    {
        backup ??= Create();
        backup.Save(Snapshot(epoch, value));
        return backup;
    }

    // A new run resuming from the backup folder: its callbacks' state and position come from the backup it chose.
    private (TrainingSession Session, Numbers Numbers, StringWriter Output) Resume(BackupAndRestore? restoring = null)
    {
        var output = new StringWriter();
        var (session, numbers) = Run(0, -1, output);
        restoring ??= Create();
        try
        {
            restoring.OnSetup(session);
            restoring.OnTrainBegin(session);
            return (session, numbers, output);
        }
        catch
        {
            session.Dispose(); // releases the folder, as a failed run does
            throw;
        }
    }

    [Fact]
    public void Sections_and_manifest_round_trip()
    {
        Create().Save(RunSnapshot.Create(new BackupManifest(3, 2, Configuration), writer =>
        {
            writer.Write("numbers", w => { w.Write(7); w.Write("text"); });
            writer.Write("counter", 42L);
        }));

        var snapshot = BackupFile.Read(Latest);

        Assert.Equal((3, 2), (snapshot.Manifest.Epoch, snapshot.Manifest.Batch));
        Assert.Equal(Configuration, snapshot.Manifest.Configuration);
        Assert.Equal(["numbers", "counter"], snapshot.SectionNames);
        var numbers = new Numbers(0);
        snapshot.Read("numbers", numbers.LoadState);
        Assert.Equal(7, numbers.Value);
        Assert.Equal(42L, snapshot.ReadInt64("counter"));
    }

    [Fact]
    public void A_run_resumes_its_callbacks_state_and_position_from_the_backup()
    {
        Save(epoch: 3, value: 7);

        var (session, numbers, _) = Resume();

        Assert.Equal(7, numbers.Value);
        Assert.Equal(new TrainingPosition(3, 0, false), session.Position);
        session.Dispose();
    }

    [Fact]
    public void A_section_not_read_to_its_end_is_an_error()
    {
        Save(epoch: 1, value: 7);
        var snapshot = BackupFile.Read(Latest);
        Assert.Contains("holds", Assert.Throws<InvalidDataException>(() => snapshot.Read("numbers", r => r.ReadInt32())).Message);
        Assert.Throws<InvalidDataException>(() => snapshot.Read("missing", _ => { }));
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

        var (session, numbers, output) = Resume();

        Assert.Equal(1, session.Position.Epoch);
        Assert.Equal(1, numbers.Value);
        Assert.Contains(reason, output.ToString());
        Assert.Contains("Resuming from the previous backup", output.ToString());
        session.Dispose();
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

        var (session, _, output) = Resume();

        Assert.Equal(1, session.Position.Epoch);
        Assert.Contains(reason, output.ToString());
        Assert.Contains("Resuming from the previous backup", output.ToString());
        session.Dispose();
    }

    [Fact]
    public void A_backup_lacking_a_section_the_run_reads_is_set_aside_before_it_is_chosen()
    {
        var backup = Save(epoch: 1, value: 1);
        backup.Save(Snapshot(epoch: 2, value: null)); // the same configuration, without the callback's section: damaged

        var (resumed, numbers, output) = Resume();

        Assert.Equal(1, resumed.Position.Epoch);
        Assert.Equal(1, numbers.Value);
        Assert.Contains("it has no 'numbers' section", output.ToString());
        resumed.Dispose();
    }

    // A callback added since the backup (to the model, or switched back on) is a configuration change, not damage: it is
    // refused as one, and with AllowConfigurationChange the added callback starts fresh.
    [Fact]
    public void A_callback_added_since_the_backup_is_a_configuration_change_and_starts_fresh_when_allowed()
    {
        Create().Save(Snapshot(epoch: 2, value: null, declared: false));

        var refused = Assert.Throws<TrainingConfigurationException>(() => Resume(Create()));
        Assert.Contains("another callback configuration", refused.Message);
        Assert.DoesNotContain("damaged", refused.Message);

        var (resumed, numbers, output) = Resume(Create(allowConfigurationChange: true));
        Assert.Equal(2, resumed.Position.Epoch);
        Assert.Equal(-1, numbers.Value); // fresh: as the run made it
        Assert.Contains("resuming anyway", output.ToString());
        resumed.Dispose();
    }

    [Fact]
    public void A_backup_file_that_is_a_folder_fails_at_train_begin_and_names_it()
    {
        Directory.CreateDirectory(Latest);
        using var session = Sessions.Create();

        var error = Assert.Throws<TrainingConfigurationException>(() => Create().OnSetup(session));

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

        var error = Assert.Throws<TrainingConfigurationException>(() => Resume());
        Assert.Contains("Delete the folder to start training afresh", error.Message);
    }

    [Fact]
    public void Another_configuration_is_refused_saying_what_changed_unless_allowed()
    {
        Create().Save(RunSnapshot.Create(new BackupManifest(1, 0, Configuration), _ => { }));
        string[] changed = ["[EarlyStopping(Monitor = \"val_loss\", Patience = 5)]", "[Accuracy]"];

        var error = Assert.Throws<TrainingConfigurationException>(() => Create().Restore(changed));
        Assert.Contains("removed [EarlyStopping(Monitor = \"val_loss\")]; added [EarlyStopping(Monitor = \"val_loss\", Patience = 5)]", error.Message);

        var restored = Create(allowConfigurationChange: true).Restore(changed);
        Assert.True(restored!.ConfigurationChanged);
    }

    [Fact]
    public void Leftovers_of_an_interrupted_write_are_ignored_and_removed()
    {
        Save(epoch: 1, value: 1);
        var leftover = Path.Combine(Folder, $".{BackupAndRestore.LatestFileName}.{Guid.NewGuid():N}.tmp");
        File.WriteAllBytes(leftover, new byte[64]);

        Assert.Equal(1, Create().Restore([NumbersLine])!.Manifest.Epoch);
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
