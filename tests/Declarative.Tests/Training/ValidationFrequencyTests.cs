using System.Globalization;
using Declarative.Tests.Models;
using Declarative.Tests.Support;
using static TorchSharp.torch;

namespace Declarative.Tests.Training;

/// <summary>
/// validationFrequency, stepsPerEpoch and validationSteps, as Keras's validation_freq, steps_per_epoch and
/// validation_steps: the epochs between validations have no val_* values, and callbacks monitoring one skip them
/// (patience counts validation checks, as in Keras).
/// </summary>
[Collection(WorkingDirectoryCollection.Name)]
public sealed class ValidationFrequencyTests
{
    private const double Rate = 0.1;

    // 5 training batches and 2 validation batches per pass.
    private static History<SometimesValidatedModelLogs> Fit(SometimesValidatedModel model, int epochs, ValidationFrequency validationFrequency, int? stepsPerEpoch = null, int? validationSteps = null)
    {
        var (inputs, targets) = Data.Zeros(20, seed: 1);
        var (validationInputs, validationTargets) = Data.Zeros(8, seed: 2);
        return model.Fit(inputs, targets, batchSize: 4, epochs, optim.SGD(model.parameters(), Rate), nn.L1Loss(), (validationInputs, validationTargets),
            progress: ProgressMode.Silent, validationFrequency: validationFrequency, stepsPerEpoch: stepsPerEpoch, validationSteps: validationSteps);
    }

    [Fact]
    public void Validating_every_third_epoch_leaves_the_others_without_values_and_monitors_count_only_validation_checks()
    {
        using var folder = new TemporaryWorkingDirectory();
        // Validations after epochs 3, 6, 9 and 12 (0-based 2, 5, 8, 11): best at the second, then two without improvement.
        var model = new SometimesValidatedModel(1.0, 0.5, 0.625, 0.75);

        var history = Fit(model, epochs: 20, validationFrequency: 3);

        // EarlyStopping (patience 2) stops after the fourth check, epoch 11: the epochs between checks did not count.
        Assert.Equal(TrainingEndReason.Stopped, history.End.Reason);
        Assert.Equal(11, history.End.LastEpoch);
        Assert.Equal([null, null, 1.0, null, null, 0.5, null, null, 0.625, null, null, 0.75], history.Select(logs => logs.ValLoss));
        Assert.Equal(5, model.Callbacks.EarlyStopping.BestEpoch);

        // ReduceLROnPlateau (patience 1) halves the rate after each check without improvement: epochs 8 and 11.
        Assert.Equal(Enumerable.Repeat(Rate, 9).Concat(Enumerable.Repeat(Rate / 2, 3)), history.Select(logs => logs.LearningRate));

        // The best-only checkpoint on val_loss saves on validation epochs only (file names are 1-based, as Keras's).
        Assert.Equal(["best-03.bin", "best-06.bin"], folder.Files("checkpoints"));

        // The CSV has the val_loss column throughout, NA where the epoch did not validate.
        var rows = File.ReadAllLines("history.csv");
        var column = Array.IndexOf(rows[0].Split(','), "val_loss");
        Assert.Equal(["NA", "NA", "1.0", "NA", "NA", "0.5", "NA", "NA", "0.625", "NA", "NA", "0.75"], rows.Skip(1).Select(row => row.Split(',')[column]));
        Assert.Equal(4 * 2, model.ValidationBatches);

        // History's series has NaN there, and the plot draws the validated epochs only.
        Assert.Equal(12, history["val_loss"].Count(double.IsNaN) + 4);
        history.SavePlot("history.png");
        Assert.True(new FileInfo("history.png").Length > 0);
    }

    // Keras's list form: the epochs to validate after, counted from 1.
    [Fact]
    public void A_list_of_epochs_validates_after_exactly_those()
    {
        using var folder = new TemporaryWorkingDirectory();
        var model = new SometimesValidatedModel(1.0, 0.5, 0.25);

        var history = Fit(model, epochs: 6, validationFrequency: new[] { 5, 1, 2 });

        Assert.Equal([1.0, 0.5, null, null, 0.25, null], history.Select(logs => logs.ValLoss));
    }

    [Fact]
    public void Step_limits_cut_each_training_and_validation_pass()
    {
        using var folder = new TemporaryWorkingDirectory();
        var model = new SometimesValidatedModel(Enumerable.Repeat(1.0, 10).ToArray());

        var history = Fit(model, epochs: 3, validationFrequency: 1, stepsPerEpoch: 2, validationSteps: 1);

        Assert.Equal(3 * 2, model.TrainingBatches);
        Assert.Equal(3 * 1, model.ValidationBatches);
        Assert.Equal(3, history.Count);
    }

    [Theory]
    [InlineData(0, null, null, "validationFrequency")]
    [InlineData(1, 0, null, "stepsPerEpoch")]
    [InlineData(1, null, 0, "validationSteps")]
    public void Limits_out_of_range_are_refused_before_training(int frequency, int? steps, int? validationSteps, string parameter)
    {
        using var folder = new TemporaryWorkingDirectory();
        var model = new SometimesValidatedModel(1.0);

        var error = Assert.ThrowsAny<ArgumentException>(() => Fit(model, 2, frequency, steps, validationSteps));

        Assert.Contains(parameter, error.Message);
        Assert.Equal(0, model.TrainingBatches);
    }

    [Fact]
    public void A_list_with_an_epoch_below_one_is_refused_saying_epochs_count_from_one()
    {
        var error = Assert.Throws<ArgumentException>(() => (ValidationFrequency)new[] { 0, 3 });

        Assert.Contains("counted from 1", error.Message);
    }
}
