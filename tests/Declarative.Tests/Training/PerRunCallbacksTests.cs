using Declarative.Tests.Models;
using Declarative.Tests.Support;
using static TorchSharp.torch;

namespace Declarative.Tests.Training;

/// <summary>
/// One Fit call can go without a declared callback, or use one of other settings, through its typed <c>callbacks</c>
/// argument; the model's own callbacks stay as declared.
/// </summary>
[Collection(WorkingDirectoryCollection.Name)]
public sealed class PerRunCallbacksTests
{
    private static History<ScriptedModelLogs> Fit(ScriptedModel model, bool validate, ScriptedModel.DeclaredCallbacks? callbacks = null)
    {
        var (inputs, targets) = Data.Zeros(32, seed: 1);
        return model.Fit(inputs, targets, batchSize: 8, epochs: 6, optim.SGD(model.parameters(), 0.1), nn.L1Loss(),
            validation: validate ? Data.Zeros(8, seed: 2) : null, progress: ProgressMode.Silent, callbacks: callbacks);
    }

    [Fact]
    public void A_smoke_run_without_validation_data_switches_off_the_callbacks_that_need_it()
    {
        using var folder = new TemporaryWorkingDirectory();
        manual_seed(7);
        var model = new ScriptedModel();

        var refused = Assert.Throws<TrainingConfigurationException>(() => Fit(model, validate: false));
        Assert.Contains("[EarlyStopping(Monitor = \"val_loss\"", refused.Message);

        var history = Fit(model, validate: false, callbacks: new() { EarlyStoppingEnabled = false, ModelCheckpointEnabled = false });

        Assert.Equal(TrainingEndReason.Completed, history.End.Reason);
        Assert.Equal(6, history.Count);
        // The per-epoch checkpoint still runs; the best-only one on val_loss does not.
        Assert.Equal(["every-1.bin", "every-2.bin", "every-3.bin", "every-4.bin", "every-5.bin", "every-6.bin"], folder.Files("checkpoints"));
    }

    [Fact]
    public void A_run_with_other_settings_decides_by_them_and_leaves_the_declared_callbacks_alone()
    {
        using var folder = new TemporaryWorkingDirectory();
        manual_seed(7);
        var model = new ScriptedModel(1.0, 0.5, 0.75, 0.625, 0.875, 0.25);
        var impatient = new ScriptedModel.DeclaredCallbacks { EarlyStopping = new(ScriptedModelLogs.Monitors.ValLoss, new() { Patience = 1 }) };

        var history = Fit(model, validate: true, callbacks: impatient);

        // Declared with patience 2 it stops after epoch 3 (FitTests); with patience 1, after epoch 2.
        Assert.Equal(2, history.End.LastEpoch);
        Assert.Equal("[EarlyStopping(Monitor = \"val_loss\", Patience = 1)]", history.End.StoppedBy);
        Assert.Equal(2, impatient.EarlyStopping.StoppedEpoch);
        Assert.Equal(0, model.Callbacks.EarlyStopping.StoppedEpoch);
    }

    // A backup records the run's callbacks: resuming it without one of them is a configuration change, refused.
    [Fact]
    public void Resuming_a_backup_without_one_of_its_callbacks_is_refused()
    {
        using var folder = new TemporaryWorkingDirectory();
        using var cancellation = new CancellationTokenSource();
        Declarative.ResumeHost.Interrupter.AfterBatch = n => { if (n == 5) cancellation.Cancel(); };
        try
        {
            manual_seed(5);
            Declarative.ResumeHost.ResumableModel.Train(new Declarative.ResumeHost.ResumableModel(), cancellation.Token);
        }
        finally
        {
            Declarative.ResumeHost.Interrupter.AfterBatch = null;
        }

        var model = new Declarative.ResumeHost.ResumableModel();
        var ((inputs, targets), validation) = Declarative.ResumeHost.ResumableModel.Data();
        var error = Assert.Throws<TrainingConfigurationException>(() => model.Fit(inputs, targets, 16, 20, optim.Adam(model.parameters(), 0.005), nn.CrossEntropyLoss(),
            validation: validation, progress: ProgressMode.Silent, callbacks: new() { TensorBoardEnabled = false }));

        Assert.Contains("removed [TensorBoard(\"tensorboard\", UpdateFrequency = 5)]", error.Message);
    }
}
