using Declarative.Tests.Models;
using Declarative.Tests.Support;
using static TorchSharp.torch;

namespace Declarative.Tests.Training;

/// <summary>
/// The test hooks run around Fit's validation pass and Evaluate, the predict hooks around Predict, for user callbacks
/// and typed hook methods alike, as Keras calls them; the test end gets the pass's values un-prefixed.
/// </summary>
[Collection(WorkingDirectoryCollection.Name)]
public sealed class PassHookTests : IDisposable
{
    public PassHookTests() => PassRecorder<PassHookModelLogs>.Events.Clear();

    public void Dispose() => PassRecorder<PassHookModelLogs>.Events.Clear();

    private static List<string> Recorded => PassRecorder<PassHookModelLogs>.Events;

    [Fact]
    public void Fits_validation_runs_the_test_hooks_before_the_epoch_end_with_the_val_values()
    {
        manual_seed(2);
        var model = new PassHookModel();
        var (inputs, targets) = Data.Blobs(16, seed: 1);
        var validation = Data.Blobs(12, seed: 2);

        var history = model.Fit(inputs, targets, 8, 1, optim.SGD(model.parameters(), 0.1), nn.CrossEntropyLoss(), validation, progress: ProgressMode.Silent);

        var loss = history[0].ValLoss!.Value;
        Assert.Equal(["train begin", "pass begin", "test begin", "test batch begin 0", "test batch end 0", "test batch begin 1", "test batch end 1", $"test end loss {loss:F6}", "pass end"], Recorded);
        Assert.Equal(["test begin", "test batch end 0", "test batch end 1", $"test end loss {loss:F6}", $"epoch end 0 val_loss {loss:F6}"], model.Events);
    }

    [Fact]
    public void Evaluate_runs_the_test_hooks_and_Predict_the_predict_hooks()
    {
        manual_seed(2);
        var model = new PassHookModel();
        var (inputs, targets) = Data.Blobs(12, seed: 2);

        var result = model.Evaluate(inputs, targets, nn.CrossEntropyLoss(), batchSize: 8, progress: ProgressMode.Silent);
        using var outputs = model.Predict(inputs, batchSize: 8, progress: ProgressMode.Silent);

        Assert.Equal([
            "pass begin", "test begin", "test batch begin 0", "test batch end 0", "test batch begin 1", "test batch end 1", $"test end loss {result.Loss:F6}", "pass end",
            "pass begin", "predict begin", "predict batch begin 0", "predict batch end 0", "predict batch begin 1", "predict batch end 1", "predict end", "pass end"], Recorded);
        Assert.Equal([
            "test begin", "test batch end 0", "test batch end 1", $"test end loss {result.Loss:F6}",
            "predict begin", "predict batch end 0", "predict batch end 1", "predict end"], model.Events);
    }

    [Fact]
    public void A_validation_pass_cancelled_midway_ends_its_pass_before_the_interruption_runs()
    {
        manual_seed(2);
        var model = new PassHookModel { CancelInValidation = true };
        var (inputs, targets) = Data.Blobs(16, seed: 1);

        var history = model.Fit(inputs, targets, 8, 2, optim.SGD(model.parameters(), 0.1), nn.CrossEntropyLoss(), Data.Blobs(12, seed: 2),
            progress: ProgressMode.Silent, cancellationToken: model.Cancellation.Token);

        Assert.Equal(TrainingEndReason.Cancelled, history.End.Reason);
        Assert.Equal(["train begin", "pass begin", "test begin", "test batch begin 0", "test batch end 0", "pass end", "train interrupted"], Recorded);
    }

    [Fact]
    public void Evaluate_and_Predict_end_their_pass_when_a_batch_fails()
    {
        manual_seed(2);
        var model = new PassHookModel();
        var (inputs, targets) = Data.Blobs(12, seed: 2);
        var calls = 0;
        Func<Tensor, Tensor, Tensor> failingSecond = (output, target) => ++calls == 2 ? throw new InvalidOperationException("the loss failed") : nn.functional.cross_entropy(output, target);

        Assert.ThrowsAny<Exception>(() => model.Evaluate(inputs, targets, failingSecond, batchSize: 8, progress: ProgressMode.Silent));
        Assert.ThrowsAny<Exception>(() => model.Predict(TrainingData<Tensor>.From([inputs, ones(3)]), progress: ProgressMode.Silent).Dispose());

        Assert.Equal(["pass begin", "test begin", "test batch begin 0", "test batch end 0", "test batch begin 1", "pass end"], Recorded.Take(6));
        Assert.Equal(["pass begin", "predict begin", "predict batch begin 0", "predict batch end 0", "predict batch begin 1", "pass end"], Recorded.Skip(6));
    }

    [Fact]
    public void Epochs_without_validation_run_no_test_hook()
    {
        manual_seed(2);
        var model = new PassHookModel();
        var (inputs, targets) = Data.Blobs(16, seed: 1);

        model.Fit(inputs, targets, 8, 3, optim.SGD(model.parameters(), 0.1), nn.CrossEntropyLoss(), Data.Blobs(8, seed: 2), progress: ProgressMode.Silent, validationFrequency: 2);

        Assert.Equal(["train begin", "pass begin", "test begin", "test batch begin 0", "test batch end 0"], Recorded.Take(5));
        Assert.Single(Recorded, e => e == "test begin");
        Assert.Equal(3, model.Events.Count(e => e.StartsWith("epoch end", StringComparison.Ordinal)));
    }
}
