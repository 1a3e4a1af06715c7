using Declarative.Callbacks;
using Declarative.Tests.Models;
using Declarative.Tests.Support;
using Declarative.Training;
using static TorchSharp.torch;

namespace Declarative.Tests.Callbacks;

/// <summary>
/// Lightning's EMAWeightAveraging: when the average is updated, that passes outside training measure it (never before
/// the first update) while training goes on with the model's own weights, and which weights the model ends with.
/// </summary>
[Collection(WorkingDirectoryCollection.Name)]
public sealed class EMAWeightAveragingTests
{
    [Theory]
    [InlineData(1, 0, 0, 0, 0, true)]
    [InlineData(1, 0, 0, 7, 3, true)]
    [InlineData(3, 0, 0, 4, 0, false)]
    [InlineData(3, 0, 0, 6, 0, true)]
    [InlineData(1, 10, 0, 9, 5, false)]
    [InlineData(1, 10, 0, 10, 0, true)]
    [InlineData(4, 10, 0, 10, 0, false)] // Lightning's counting: a multiple of 4 at or after step 10
    [InlineData(4, 10, 0, 12, 0, true)]
    [InlineData(1, 0, 2, 50, 1, false)]
    [InlineData(1, 0, 2, 50, 2, true)]
    public void Updates_on_every_nth_optimizer_step_once_both_its_start_step_and_start_epoch_are_reached(int every, long startStep, int startEpoch, long step, int epoch, bool updates)
    {
        using var ema = new EMAWeightAveraging(new() { UpdateEverySteps = every, StartStep = startStep, StartEpoch = startEpoch });

        Assert.Equal(updates, ema.ShouldUpdate(step, epoch));
    }

    [Fact]
    public void Passes_measure_the_models_own_weights_until_the_first_update_then_the_average_and_put_the_own_back()
    {
        using var session = Sessions.Create();
        var weight = ((TorchSharp.Modules.Linear)session.Model).weight;
        using var ema = new EMAWeightAveraging(new() { Decay = 0.5, StartStep = 1 });
        ema.OnTrainBegin(session);
        using (no_grad()) weight.fill_(2);

        ema.OnOptimizerStep(0); // before its start step
        ema.OnPassBegin();
        Assert.Equal(2f, weight.item<float>());
        ema.OnPassEnd();

        ema.OnOptimizerStep(1); // the first update copies the weights: average 2
        using (no_grad()) weight.fill_(4);
        ema.OnOptimizerStep(2); // average 0.5 × 2 + 0.5 × 4 = 3
        using (no_grad()) weight.fill_(10);
        ema.OnPassBegin();
        Assert.Equal(3f, weight.item<float>());
        ema.OnPassEnd();

        Assert.Equal(10f, weight.item<float>());
        ema.OnPassEnd(); // a second end puts nothing back
        Assert.Equal(10f, weight.item<float>());
    }

    [Theory]
    [InlineData(TrainingEndReason.Completed, true, 3f)]
    [InlineData(TrainingEndReason.Stopped, true, 3f)]
    [InlineData(TrainingEndReason.Completed, false, 10f)]
    [InlineData(TrainingEndReason.Cancelled, true, 10f)]
    [InlineData(TrainingEndReason.Failed, true, 10f)]
    public void A_run_that_completed_or_was_stopped_ends_with_the_averaged_weights_unless_configured_not_to(TrainingEndReason reason, bool endWithAverage, float expected)
    {
        using var session = Sessions.Create();
        var weight = ((TorchSharp.Modules.Linear)session.Model).weight;
        using var ema = new EMAWeightAveraging(new() { Decay = 0.5, EndWithAveragedWeights = endWithAverage });
        ema.OnTrainBegin(session);
        using (no_grad()) weight.fill_(2);
        ema.OnOptimizerStep(0);
        using (no_grad()) weight.fill_(4);
        ema.OnOptimizerStep(1);
        using (no_grad()) weight.fill_(10);

        ema.OnTrainEnd(new TrainingEnd(reason, 0));

        Assert.Equal(expected, weight.item<float>());
        Assert.Equal(expected == 3f, ema.ModelHoldsAverage);
        ema.OnPassBegin(); // a model holding the average for good swaps nothing in; one holding its own gets the average
        Assert.Equal(3f, weight.item<float>());
        ema.OnPassEnd();
        Assert.Equal(expected, weight.item<float>());
    }

    private static (Tensor Inputs, Tensor Targets) Train => Data.Blobs(48, seed: 1);

    private static (Tensor Inputs, Tensor Targets) Validation => Data.Blobs(24, seed: 2);

    private static History<EmaClassifierLogs> Fit(EmaClassifier model, EmaClassifier.DeclaredCallbacks? callbacks = null, int epochs = 2)
    {
        var (inputs, targets) = Train;
        return model.Fit(inputs, targets, 8, epochs, optim.SGD(model.parameters(), 0.2), nn.CrossEntropyLoss(), Validation, progress: ProgressMode.Silent, callbacks: callbacks);
    }

    private static EmaClassifier Seeded()
    {
        manual_seed(5);
        return new EmaClassifier();
    }

    [Fact]
    public void Validation_measures_the_averaged_weights_while_training_goes_on_with_the_models_own()
    {
        var plain = Seeded();
        var plainHistory = Fit(plain, new() { EMAWeightAveragingEnabled = false });
        var keeping = Seeded();
        var keepingHistory = Fit(keeping);
        var averaged = Seeded();
        var history = Fit(averaged, new() { EMAWeightAveraging = new(new() { Decay = 0.9 }) });

        // Training never saw the average: the model's own weights are those of a run without it, and so is the loss.
        Assert.Equal(Data.Weights(plain), Data.Weights(keeping));
        Assert.Equal(plainHistory.Select(e => e.Loss), history.Select(e => e.Loss));

        // Validation measured the average, which the model now holds: Evaluate gives the last epoch's value exactly.
        Assert.NotEqual(plainHistory[^1].ValLoss, history[^1].ValLoss);
        Assert.Equal(keepingHistory.Select(e => e.ValLoss), history.Select(e => e.ValLoss));
        Assert.NotEqual(Data.Weights(plain), Data.Weights(averaged));
        var (inputs, targets) = Validation;
        var evaluated = averaged.Evaluate(inputs, targets, nn.CrossEntropyLoss(), batchSize: 8, progress: ProgressMode.Silent);
        Assert.Equal(history[^1].ValLoss, evaluated.Loss);
    }

    [Fact]
    public void Evaluate_and_Predict_after_a_run_that_kept_the_models_own_weights_swap_the_average_in_and_back()
    {
        var model = Seeded();
        var history = Fit(model);
        var own = Data.Weights(model);
        var (inputs, targets) = Validation;

        var evaluated = model.Evaluate(inputs, targets, nn.CrossEntropyLoss(), batchSize: 8, progress: ProgressMode.Silent);
        using var predicted = model.Predict(inputs, batchSize: 8, progress: ProgressMode.Silent);

        Assert.Equal(history[^1].ValLoss, evaluated.Loss);
        Assert.Equal(own, Data.Weights(model));
        Assert.True(model.Callbacks.EMAWeightAveraging.Average.CopyToModule());
        model.eval();
        Tensor expected;
        using (no_grad()) expected = model.call(inputs);
        Assert.True(expected.allclose(predicted));
    }

    [Fact]
    public void A_loop_of_your_own_has_the_average_in_the_model_from_BeginValidation_to_the_epochs_end()
    {
        var model = Seeded();
        var optimizer = optim.SGD(model.parameters(), 0.2);
        var (inputs, targets) = Train;
        using var driver = model.CreateDriver(1, optimizer, hasValidation: true, batchesPerEpoch: 2, progress: ProgressMode.Silent);
        driver.Begin();
        driver.BeginEpoch(0);
        for (var batch = 0; batch < 2; batch++)
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

        var own = Data.Weights(model);
        var average = model.Callbacks.EMAWeightAveraging.Average.ToStateDictionary().Where(e => !e.Key.Contains("num_batches")).Select(e => e.Value.data<float>().ToArray()).ToArray();

        driver.BeginValidation();
        Assert.Equal(average, Data.Weights(model));
        using (no_grad())
        {
            var output = model.call(inputs.narrow(0, 0, 8));
            driver.AddValidation(new StepResult(nn.functional.cross_entropy(output, targets.narrow(0, 0, 8)), output, targets.narrow(0, 0, 8)));
        }

        driver.EndEpoch(0);
        Assert.Equal(own, Data.Weights(model));
        Assert.NotEqual(own, average);
    }

    [Fact]
    public void Validation_before_the_first_update_measures_the_models_own_weights()
    {
        var plain = Seeded();
        var plainHistory = Fit(plain, new() { EMAWeightAveragingEnabled = false });
        var late = Seeded();
        var history = Fit(late, new() { EMAWeightAveraging = new(new() { Decay = 0.9, StartEpoch = 1 }) });

        Assert.Equal(plainHistory[0].ValLoss, history[0].ValLoss);
        Assert.NotEqual(plainHistory[1].ValLoss, history[1].ValLoss);
    }
}
