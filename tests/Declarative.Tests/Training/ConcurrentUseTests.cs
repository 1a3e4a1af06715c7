using Declarative.Tests.Models;
using Declarative.Tests.Support;
using static TorchSharp.torch;

namespace Declarative.Tests.Training;

/// <summary>
/// A model is in one run at a time: a second Fit (or an Evaluate, a Predict) on another thread while one trains is
/// refused at once with what to do, and the first run goes on unharmed; the training thread itself may evaluate the
/// model in a hook.
/// </summary>
public sealed class ConcurrentUseTests
{
    [Fact]
    public async Task Fit_Evaluate_and_Predict_on_another_thread_while_a_model_trains_are_refused_and_the_run_completes()
    {
        var model = new SharedModel();
        model.Release.Reset();
        var (inputs, targets) = Data.Blobs(16, seed: 1);
        var training = Task.Run(() => model.Fit(inputs, targets, batchSize: 8, epochs: 2, optim.SGD(model.parameters(), 0.1), nn.CrossEntropyLoss(), progress: ProgressMode.Silent));
        model.Holding.Wait();

        var fit = Assert.Throws<InvalidOperationException>(() => model.Fit(inputs, targets, batchSize: 8, epochs: 1, optim.SGD(model.parameters(), 0.1), nn.CrossEntropyLoss(), progress: ProgressMode.Silent));
        var evaluate = Assert.Throws<InvalidOperationException>(() => model.Evaluate(inputs, targets, nn.CrossEntropyLoss(), progress: ProgressMode.Silent));
        var predict = Assert.Throws<InvalidOperationException>(() => model.Predict(inputs, progress: ProgressMode.Silent));
        model.Release.Set();
        var history = await training;

        Assert.Contains("This SharedModel is already in a training run on another thread; a training run on it now", fit.Message);
        Assert.Contains("give each thread a model of its own", fit.Message);
        Assert.Contains("Evaluate on it now", evaluate.Message);
        Assert.Contains("Predict on it now", predict.Message);
        Assert.Equal(TrainingEndReason.Completed, history.End.Reason);
        Assert.Equal(2, history.Count);

        // Free again once the run has ended.
        Assert.Single(model.Fit(inputs, targets, batchSize: 8, epochs: 1, optim.SGD(model.parameters(), 0.1), nn.CrossEntropyLoss(), progress: ProgressMode.Silent));
    }

    [Fact]
    public void An_epoch_hook_may_evaluate_the_model_on_the_training_thread()
    {
        var model = new SharedModel();
        var (inputs, targets) = Data.Blobs(16, seed: 2);
        model.EvaluateAtEpochEnd = Data.Blobs(8, seed: 3);

        var history = model.Fit(inputs, targets, batchSize: 8, epochs: 2, optim.SGD(model.parameters(), 0.1), nn.CrossEntropyLoss(), progress: ProgressMode.Silent);

        Assert.Equal(TrainingEndReason.Completed, history.End.Reason);
        Assert.Equal(2, model.Evaluated.Count);
    }
}
