using Declarative.Tests.Models;
using Declarative.Tests.Support;
using static TorchSharp.torch;

namespace Declarative.Tests.Backup;

/// <summary>
/// A backup records the callbacks' configuration in its canonical form, not as the attributes were typed: reformatting
/// an attribute (spacing, argument order, nameof or a string, a default written out) resumes, and a real change is refused
/// saying what changed.
/// </summary>
[Collection(WorkingDirectoryCollection.Name)]
public class ConfigurationIdentityTests
{
    private static readonly (Tensor Inputs, Tensor Targets) Train = Data.Blobs(32, seed: 1);
    private static readonly (Tensor, Tensor) Validation = Data.Blobs(16, seed: 2);

    private static History<IdentityModelLogs> FitIdentity(int epochs, out IdentityModel model)
    {
        manual_seed(9);
        model = new IdentityModel();
        return model.Fit(Train.Inputs, Train.Targets, 8, epochs, optim.Adam(model.parameters(), 0.05), nn.CrossEntropyLoss(), validation: Validation, progress: ProgressMode.Silent);
    }

    [Fact]
    public void A_reformatted_attribute_resumes_the_backup_and_ends_as_an_uninterrupted_run()
    {
        using var folder = new TemporaryWorkingDirectory();
        var reference = FitIdentity(4, out var referenceModel);
        Directory.Delete("backup", recursive: true);
        Directory.Delete("checkpoints", recursive: true);

        FitIdentity(2, out _);
        manual_seed(9);
        var resumed = new ReformattedIdentityModel();
        var output = new StringWriter();
        var history = resumed.Fit(Train.Inputs, Train.Targets, 8, 4, optim.Adam(resumed.parameters(), 0.05), nn.CrossEntropyLoss(), validation: Validation, progress: ProgressMode.Silent, output: output);

        Assert.Contains("BackupAndRestore: resuming at epoch 3", output.ToString());
        Assert.DoesNotContain("configuration changed", output.ToString());
        Assert.Equal(reference.Select(l => (l.Epoch, l.Loss, l.ValLoss, l.LearningRate)), history.Select(l => (l.Epoch, l.Loss, l.ValLoss, l.LearningRate)));
        Assert.Equal(Data.Weights(referenceModel), Data.Weights(resumed));
    }

    [Fact]
    public void A_changed_setting_is_refused_saying_what_changed()
    {
        using var folder = new TemporaryWorkingDirectory();
        FitIdentity(2, out _);
        var changed = new PatienceChangedModel();

        var error = Assert.Throws<TrainingConfigurationException>(() =>
            changed.Fit(Train.Inputs, Train.Targets, 8, 4, optim.Adam(changed.parameters(), 0.05), nn.CrossEntropyLoss(), validation: Validation, progress: ProgressMode.Silent));

        Assert.Contains(
            "removed [EarlyStopping(Monitor = \"val_loss\", Patience = 3, RestoreBestWeights = true)]; added [EarlyStopping(Monitor = \"val_loss\", Patience = 4, RestoreBestWeights = true)]",
            error.Message);
        Assert.True(File.Exists(Path.Combine("backup", "backup.bin")));
    }

    // A backup of a run with fewer stateful callbacks (EarlyStopping switched off for it) has no section for the callback
    // added since: a configuration change, reported as one (it was once reported as a damaged backup); allowed, the
    // added callback starts fresh and the rest resumes.
    [Fact]
    public void A_callback_added_since_the_backup_is_a_configuration_change_and_with_AllowConfigurationChange_starts_fresh()
    {
        using var folder = new TemporaryWorkingDirectory();
        manual_seed(9);
        var first = new IdentityModel();
        first.Fit(Train.Inputs, Train.Targets, 8, 2, optim.Adam(first.parameters(), 0.05), nn.CrossEntropyLoss(), validation: Validation, progress: ProgressMode.Silent,
            callbacks: new() { EarlyStoppingEnabled = false });

        var refused = new IdentityModel();
        var error = Assert.Throws<TrainingConfigurationException>(() =>
            refused.Fit(Train.Inputs, Train.Targets, 8, 4, optim.Adam(refused.parameters(), 0.05), nn.CrossEntropyLoss(), validation: Validation, progress: ProgressMode.Silent));

        Assert.Contains("added [EarlyStopping(Monitor = \"val_loss\", Patience = 3, RestoreBestWeights = true)]", error.Message);
        Assert.DoesNotContain("damaged", error.Message);

        var allowing = new IdentityModel();
        var run = new IdentityModel.DeclaredCallbacks { BackupAndRestore = new(new("backup") { DeleteOnCompletion = false, AllowConfigurationChange = true }) };
        var output = new StringWriter();
        var history = allowing.Fit(Train.Inputs, Train.Targets, 8, 4, optim.Adam(allowing.parameters(), 0.05), nn.CrossEntropyLoss(), validation: Validation, progress: ProgressMode.Silent,
            output: output, callbacks: run);

        Assert.Contains("BackupAndRestore: resuming at epoch 3", output.ToString());
        Assert.Equal([0, 1, 2, 3], history.Select(logs => logs.Epoch));
        Assert.True(run.EarlyStopping.BestEpoch >= 2, $"EarlyStopping saw epoch {run.EarlyStopping.BestEpoch}, before it was added");
    }
}
