using Declarative.Tests.Models;
using Declarative.Tests.Support;
using Declarative.Training;
using static TorchSharp.torch;

namespace Declarative.Tests.Training;

/// <summary>The generated driver: a loop of the user's own, calling it at each event, gets what Fit gives.</summary>
[Collection(WorkingDirectoryCollection.Name)]
public class DriverTests
{
    private const int Epochs = 12;
    private const int BatchSize = 12;

    // Also when the loop never calls BeginValidation: its first AddValidation begins the pass.
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_loop_of_your_own_through_the_driver_gives_the_same_history_files_and_weights_as_Fit(bool beginsValidation)
    {
        var (inputs, targets) = Data.Blobs(48, seed: 21);
        var (validationInputs, validationTargets) = Data.Blobs(24, seed: 22);

        using var byFit = new TemporaryWorkingDirectory();
        manual_seed(20);
        var fitted = new DriverModel();
        var fitHistory = fitted.Fit(inputs, targets, BatchSize, Epochs, optim.SGD(fitted.parameters(), 0.5), nn.CrossEntropyLoss(),
            validation: (validationInputs, validationTargets), shuffle: false, progress: ProgressMode.Silent);

        using var byHand = new TemporaryWorkingDirectory();
        manual_seed(20);
        var model = new DriverModel();
        var handHistory = TrainByHand(model, optim.SGD(model.parameters(), 0.5), (inputs, targets), (validationInputs, validationTargets), beginsValidation);

        Assert.True(fitHistory.Count < Epochs, "the test needs a run that early stopping ends");
        Assert.Equal(TrainingEndReason.Stopped, handHistory.End.Reason);
        Assert.Equal(fitHistory.MetricNames, handHistory.MetricNames);
        foreach (var name in fitHistory.MetricNames) Assert.Equal(fitHistory[name], handHistory[name]);
        Assert.Equal(fitHistory.End, handHistory.End);
        Assert.Equal(Data.Weights(fitted), Data.Weights(model)); // the best epoch's, restored at the end
        RunArtifacts.AssertSame(byFit.Path, byHand.Path);
    }

    [Fact]
    public void A_backup_that_a_loop_of_your_own_wrote_resumes_under_Fit()
    {
        using var folder = new TemporaryWorkingDirectory();
        var (inputs, targets) = Data.Blobs(64, seed: 40);
        manual_seed(41);
        var model = new ResumableStepModel();
        var optimizer = optim.Adam(model.parameters(), 0.05);
        using (var driver = model.CreateDriver(3, optimizer, hasValidation: false, batchesPerEpoch: 8, progress: ProgressMode.Silent))
        {
            driver.Begin();
            driver.BeginEpoch(0);
            for (var batch = 0; batch < 3; batch++)
            {
                using var scope = NewDisposeScope();
                driver.BeginBatch(batch);
                var (input, target) = (inputs.narrow(0, batch * 8, 8), targets.narrow(0, batch * 8, 8));
                optimizer.zero_grad();
                var output = model.call(input);
                var loss = nn.functional.cross_entropy(output, target);
                loss.backward();
                optimizer.step();
                driver.EndBatch(batch, new StepResult(loss, output, target));
            }

            Assert.Equal(TrainingEndReason.Cancelled, driver.End(driver.Cancel(0, 3)).End.Reason);
        }

        var resumed = new ResumableStepModel();
        var history = resumed.Fit(TrainingData.FromTensors(inputs, targets, 8), 3, optim.Adam(resumed.parameters(), 0.05), progress: ProgressMode.Silent);

        // The backup has no state of Fit's own loop (no group of accumulated gradients under way): Fit starts it empty.
        Assert.Equal(TrainingEndReason.Completed, history.End.Reason);
        Assert.Equal([0, 1, 2], history.Select(logs => logs.Epoch));
    }

    // The loop a user writes when Fit cannot express theirs, with the driver called at each event.
    private static History<DriverModelLogs> TrainByHand(DriverModel model, optim.Optimizer optimizer, (Tensor Inputs, Tensor Targets) train, (Tensor Inputs, Tensor Targets) validation, bool beginsValidation)
    {
        var loss = nn.CrossEntropyLoss();
        var batches = (int)(train.Inputs.shape[0] / BatchSize);
        using var driver = model.CreateDriver(Epochs, optimizer, hasValidation: true, batchesPerEpoch: batches, progress: ProgressMode.Silent);
        var start = driver.Begin();
        for (var epoch = start.Epoch; epoch < Epochs; epoch++)
        {
            driver.BeginEpoch(epoch);
            model.train();
            for (var batch = 0; batch < batches && !driver.StopRequested; batch++)
            {
                using var scope = NewDisposeScope();
                driver.BeginBatch(batch);
                var (input, target) = (train.Inputs.narrow(0, batch * BatchSize, BatchSize), train.Targets.narrow(0, batch * BatchSize, BatchSize));
                optimizer.zero_grad();
                var output = model.call(input);
                var batchLoss = loss.call(output, target);
                batchLoss.backward();
                optimizer.step();
                driver.EndBatch(batch, new StepResult(batchLoss, output, target));
            }

            model.eval();
            if (beginsValidation) driver.BeginValidation();
            using (no_grad())
            {
                for (var first = 0; first < validation.Inputs.shape[0]; first += BatchSize)
                {
                    using var scope = NewDisposeScope();
                    var (input, target) = (validation.Inputs.narrow(0, first, BatchSize), validation.Targets.narrow(0, first, BatchSize));
                    var output = model.call(input);
                    driver.AddValidation(new StepResult(loss.call(output, target), output, target));
                }
            }

            if (driver.EndEpoch(epoch)) break;
        }

        return driver.End();
    }
}
