using Declarative.Tests.Models;
using Declarative.Tests.Support;
using TorchSharp.Modules;
using static TorchSharp.torch;
using MetricText = Declarative.Progress.MetricText;

namespace Declarative.Tests.Training;

/// <summary>
/// A model's <c>FindLearningRate</c> end to end on tiny models: the model, the optimizer (Adam's moments, SGD's momentum),
/// the gradients and the random generator are bit-identical afterwards, so a Fit after it ends as one without it; no
/// declared callback writes or acts during the sweep; the step runs as in Fit (accumulation, a step that optimizes by
/// hand); the suggestion lies in the range and, applied, is every group's rate.
/// </summary>
[Collection(WorkingDirectoryCollection.Name)]
public sealed class LearningRateFinderTests
{
    private static readonly LearningRateFinderOptions Short = new() { MinLearningRate = 1e-4, MaxLearningRate = 0.1, Steps = 30, Progress = ProgressMode.Silent };

    public static TheoryData<string> OptimizersWithState => new() { "adam", "sgd-momentum" };

    private static optim.Optimizer Create(string name, IEnumerable<Parameter> parameters) => name switch
    {
        "adam" => optim.Adam(parameters, lr: 1e-3),
        _ => optim.SGD(parameters, learningRate: 0.01, momentum: 0.9),
    };

    [Theory]
    [MemberData(nameof(OptimizersWithState))]
    public void The_model_the_optimizer_the_gradients_and_the_random_generator_are_bit_identical_after_the_sweep(string name)
    {
        using var folder = new TemporaryWorkingDirectory();
        manual_seed(1);
        var model = new FinderModel();
        var optimizer = Create(name, model.parameters());
        var (inputs, targets) = Data.Blobs(64, seed: 2);
        TrainBriefly(model, optimizer, inputs, targets); // so that the optimizer has state, and the parameters gradients
        var before = State.Of(model, optimizer);

        var result = model.FindLearningRate(TrainingData.FromTensors(inputs, targets, batchSize: 16), optimizer, nn.CrossEntropyLoss(), Short);

        Assert.Equal(30, result.Rates.Count);
        Assert.True(result.Losses.Distinct().Count() > 10, "the sweep trained the model");
        var after = State.Of(model, optimizer);
        Assert.Equal(before.Weights, after.Weights);
        Assert.Equal(before.Optimizer, after.Optimizer);
        Assert.Equal(before.Gradients, after.Gradients);
        Assert.Equal(before.Random, after.Random);
        Assert.Equal(before.Rates, after.Rates);
        Assert.True(model.training);
    }

    [Fact]
    public void A_fit_after_the_sweep_ends_with_the_weights_of_a_fit_without_it()
    {
        using var folder = new TemporaryWorkingDirectory();
        var (inputs, targets) = Data.Blobs(64, seed: 2);

        float[][] Fit(string run, bool findFirst)
        {
            Environment.CurrentDirectory = Directory.CreateDirectory(Path.Combine(folder.Path, run)).FullName;
            manual_seed(1);
            var model = new FinderModel();
            var optimizer = optim.Adam(model.parameters(), lr: 1e-2);
            manual_seed(5);
            if (findFirst) model.FindLearningRate(TrainingData.FromTensors(inputs, targets, batchSize: 16), optimizer, nn.CrossEntropyLoss(), Short);
            model.Fit(inputs, targets, batchSize: 16, epochs: 2, optimizer, nn.CrossEntropyLoss(), progress: ProgressMode.Silent);
            return Data.Weights(model);
        }

        Assert.Equal(Fit("without", findFirst: false), Fit("with", findFirst: true));
    }

    [Fact]
    public void No_declared_callback_or_hook_method_acts_during_the_sweep()
    {
        using var folder = new TemporaryWorkingDirectory();
        manual_seed(1);
        var model = new FinderModel();
        var (inputs, targets) = Data.Blobs(64, seed: 2);

        // A rate of 10 makes the loss diverge: the sweep stops itself, but EarlyStopping (Patience = 0) is not asked.
        var result = model.FindLearningRate(TrainingData.FromTensors(inputs, targets, batchSize: 16), optim.SGD(model.parameters(), 0.1), nn.CrossEntropyLoss(),
            Short with { MaxLearningRate = 10 });

        Assert.True(result.Rates.Count > 0);
        Assert.False(File.Exists("history.csv"));
        Assert.False(Directory.Exists("checkpoints"));
        Assert.False(Directory.Exists("tensorboard"));
        Assert.False(Directory.Exists("backup"));
        Assert.Empty(Directory.GetFileSystemEntries(folder.Path));
        Assert.Equal(0, model.HookedBatches);
    }

    [Fact]
    public void The_suggestion_lies_in_the_range_and_applied_is_the_rate_of_every_parameter_group()
    {
        using var folder = new TemporaryWorkingDirectory();
        manual_seed(1);
        var model = new FinderModel();
        var parameters = model.parameters().ToArray();
        var optimizer = optim.Adam([new Adam.ParamGroup(parameters.Take(2), lr: 1e-3), new Adam.ParamGroup(parameters.Skip(2), lr: 1e-2)]);
        var (inputs, targets) = Data.Blobs(64, seed: 2);

        var output = new StringWriter();

        var result = model.FindLearningRate(TrainingData.FromTensors(inputs, targets, batchSize: 16), optimizer, nn.CrossEntropyLoss(),
            Short with { Apply = true, Progress = ProgressMode.Lines, Output = output });

        var suggestion = Assert.NotNull(result.Suggestion);
        Assert.True(double.IsFinite(suggestion));
        Assert.InRange(suggestion, Short.MinLearningRate, Short.MaxLearningRate);
        Assert.Equal(result.Rates[result.SuggestionIndex!.Value], suggestion);
        var groups = optimizer.ParamGroups.ToArray();
        Assert.Equal(2, groups.Length);
        Assert.All(groups, group => Assert.Equal(suggestion, group.LearningRate));
        Assert.All(groups, group => Assert.Equal(suggestion, group.InitialLearningRate));
        Assert.StartsWith("Learning-rate finder - 30/30 - ", output.ToString(), StringComparison.Ordinal);
        Assert.EndsWith($" - suggested_learning_rate: {MetricText.Format(suggestion)}{Environment.NewLine}", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void With_accumulated_gradients_a_step_of_the_sweep_is_a_group_of_batches_and_a_pass_ends_its_short_group_as_fit_does()
    {
        manual_seed(1);
        var model = new AccumulatingFinderModel();
        var optimizer = optim.SGD(model.parameters(), 0.1);
        model.Watched = optimizer;
        var (inputs, targets) = Data.Blobs(40, seed: 2);

        // 5 batches a pass, in groups of 2: steps 0 and 1, then batch 5 alone is step 2 at the pass's end; and so on.
        var result = model.FindLearningRate(TrainingData.FromTensors(inputs, targets, batchSize: 8), optimizer,
            Short with { Steps = 8, EarlyStopThreshold = null });

        var r = result.Rates;
        Assert.Equal(8, r.Count);
        Assert.Equal([r[0], r[0], r[1], r[1], r[2], r[3], r[3], r[4], r[4], r[5], r[6], r[6], r[7], r[7]], model.RatesSeen);
    }

    [Fact]
    public void A_step_that_optimizes_by_hand_steps_each_batch_at_the_next_rate_and_is_put_back()
    {
        manual_seed(1);
        var model = new ManualFinderModel();
        var optimizer = optim.SGD(model.parameters(), learningRate: 0.01, momentum: 0.9);
        var (inputs, targets) = Data.Blobs(24, seed: 2);
        var before = State.Of(model, optimizer);

        var result = model.FindLearningRate(TrainingData.FromTensors(inputs, targets, batchSize: 8), optimizer, Short with { Steps = 7 });

        Assert.Equal(result.Rates, model.RatesSeen);
        var after = State.Of(model, optimizer);
        Assert.Equal(before.Weights, after.Weights);
        Assert.Equal(before.Optimizer, after.Optimizer);
        Assert.Equal(before.Random, after.Random);
    }

    [Fact]
    public void Data_without_batches_is_refused_and_leaves_the_model_as_it_was()
    {
        manual_seed(1);
        var model = new FinderModel();
        var optimizer = optim.Adam(model.parameters());
        var before = State.Of(model, optimizer);

        var counted = Assert.Throws<TrainingConfigurationException>(() =>
            model.FindLearningRate(TrainingData.FromTensors(zeros(0, 2), zeros(0, ScalarType.Int64), batchSize: 8), optimizer, nn.CrossEntropyLoss(), Short));
        var uncounted = Assert.Throws<TrainingConfigurationException>(() =>
            model.FindLearningRate(TrainingData.From(Enumerable.Empty<(Tensor, Tensor)>().Select(b => b)), optimizer, nn.CrossEntropyLoss(), Short));

        Assert.Contains("no batches", counted.Message, StringComparison.Ordinal);
        Assert.Contains("no batches", uncounted.Message, StringComparison.Ordinal);
        Assert.Equal(before.Weights, State.Of(model, optimizer).Weights);
    }

    // A few plain steps of training, so that the optimizer has state and the parameters gradients to put back.
    private static void TrainBriefly(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, Tensor inputs, Tensor targets)
    {
        for (var i = 0; i < 3; i++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            nn.functional.cross_entropy(model.call(inputs), targets).backward();
            optimizer.step();
        }
    }

    // What the sweep must leave as it found it, as bytes.
    private sealed record State(byte[] Weights, byte[] Optimizer, byte[][] Gradients, byte[] Random, double[] Rates)
    {
        public static State Of(nn.Module model, optim.Optimizer optimizer)
        {
            using var weights = new MemoryStream();
            using (var writer = new BinaryWriter(weights, System.Text.Encoding.UTF8, leaveOpen: true)) model.save(writer);
            using var state = new MemoryStream();
            using (var writer = new BinaryWriter(state, System.Text.Encoding.UTF8, leaveOpen: true)) ((OptimizerHelper)optimizer).save_state_dict(writer);
            var gradients = model.parameters().Select(p => p.grad is { } g ? g.cpu().bytes.ToArray() : []).ToArray();
            using var random = get_rng_state();
            return new State(weights.ToArray(), state.ToArray(), gradients, random.bytes.ToArray(), optimizer.ParamGroups.Select(g => g.LearningRate).ToArray());
        }
    }
}
