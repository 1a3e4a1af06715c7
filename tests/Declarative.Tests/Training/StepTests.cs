using Declarative.Tests.Models;
using Declarative.Tests.Support;
using Declarative.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Declarative.Tests.Training;

/// <summary>Models of any shape and steps of their own, end to end: batches, metrics, clipping, accumulation, devices.</summary>
[Collection(WorkingDirectoryCollection.Name)]
public class StepTests
{
    private static (Tensor Left, Tensor Right, Tensor Labels) Pairs(int samples, int seed)
    {
        using var generator = new TorchSharp.torch.Generator((ulong)seed);
        var labels = randint(0, 2, samples, generator: generator, dtype: ScalarType.Int64);
        var signal = labels.to_type(ScalarType.Float32).unsqueeze(1).mul(2).sub(1);
        return (signal + randn(samples, 2, generator: generator) * 0.3, randn(samples, 2, generator: generator), labels);
    }

    [Fact]
    public void A_two_input_model_trains_with_the_default_step_on_its_own_tensors()
    {
        using var folder = new TemporaryWorkingDirectory();
        manual_seed(1);
        var model = new TwoInputModel();
        var (left, right, labels) = Pairs(64, seed: 1);

        var history = model.Fit(left, right, labels, batchSize: 16, epochs: 8, optim.Adam(model.parameters(), 0.05), nn.CrossEntropyLoss(),
            validation: Pairs(32, seed: 2), progress: ProgressMode.Silent);

        Assert.Equal(8, history.Count);
        Assert.True(history[^1].Loss < history[0].Loss, "the loss did not go down");
        Assert.True(history[^1].ValAccuracy > 0.8, $"val_accuracy {history[^1].ValAccuracy}");
        Assert.Equal(9, File.ReadAllLines("two-inputs.csv").Length);
    }

    [Fact]
    public void A_custom_step_over_records_feeds_every_metric_and_validates_with_itself()
    {
        manual_seed(2);
        var model = new CustomStepModel();
        var (left, right, labels) = Pairs(64, seed: 3);
        var batches = Enumerable.Range(0, 4).Select(i => new PairBatch(left.narrow(0, i * 16, 16), right.narrow(0, i * 16, 16), labels.narrow(0, i * 16, 16))).ToList();
        var (vl, vr, vy) = Pairs(32, seed: 4);

        var history = model.Fit(batches, epochs: 6, optim.Adam(model.parameters(), 0.05), validation: [new PairBatch(vl, vr, vy)], progress: ProgressMode.Silent);

        Assert.Equal(6 * 4 + 6, model.Steps); // four training batches and one validation batch an epoch
        Assert.All(history, logs => Assert.True(logs.Accuracy is >= 0 and <= 1 && logs.ValAccuracy is >= 0 and <= 1));
        Assert.All(history, logs => Assert.True(double.IsFinite(logs.Margin) && logs.ValMargin is > 0));
        Assert.All(history, logs => Assert.True(logs.GradNorm > 0, $"grad_norm {logs.GradNorm}"));
        Assert.DoesNotContain("val_grad_norm", history.MetricNames);
        Assert.Contains("grad_norm", history.MetricNames);
    }

    [Fact]
    public void Clipping_by_norm_does_what_clip_grad_norm_does_by_hand_and_logs_the_norm_before_clipping()
    {
        var inputs = randn(8, 3, generator: new TorchSharp.torch.Generator(5));
        var targets = randn(8, 1, generator: new TorchSharp.torch.Generator(6));

        manual_seed(7);
        var model = new ClippedModel();
        var history = model.Fit(inputs, targets, batchSize: 8, epochs: 1, optim.SGD(model.parameters(), 0.1), nn.MSELoss(), shuffle: false, progress: ProgressMode.Silent);

        manual_seed(7);
        var byHand = nn.Linear(3, 1);
        var optimizer = optim.SGD(byHand.parameters(), 0.1);
        optimizer.zero_grad();
        nn.functional.mse_loss(byHand.call(inputs), targets).backward();
        var norm = nn.utils.clip_grad_norm_(byHand.parameters(), 0.01);
        optimizer.step();

        Assert.True(norm > 0.01, "the test needs a gradient the clipping changes");
        Assert.Equal(Data.Weights(byHand), Data.Weights(model));
        Assert.Equal(norm, history[0].GradNorm);
    }

    [Fact]
    public void Clipping_by_value_does_what_clip_grad_value_does_by_hand_and_logs_the_norm_before_clipping()
    {
        var inputs = randn(8, 3, generator: new TorchSharp.torch.Generator(25));
        var targets = randn(8, 1, generator: new TorchSharp.torch.Generator(26));

        manual_seed(27);
        var model = new ValueClippedModel();
        var history = model.Fit(inputs, targets, batchSize: 8, epochs: 1, optim.SGD(model.parameters(), 0.1), nn.MSELoss(), shuffle: false, progress: ProgressMode.Silent);

        manual_seed(27);
        var byHand = nn.Linear(3, 1);
        var optimizer = optim.SGD(byHand.parameters(), 0.1);
        optimizer.zero_grad();
        nn.functional.mse_loss(byHand.call(inputs), targets).backward();
        var norm = nn.utils.clip_grad_norm_(byHand.parameters(), double.PositiveInfinity);
        var largest = byHand.parameters().Max(p => p.grad!.abs().max().item<float>());
        nn.utils.clip_grad_value_(byHand.parameters(), 0.01);
        optimizer.step();

        Assert.True(largest > 0.01, "the test needs a gradient the clipping changes");
        Assert.Equal(Data.Weights(byHand), Data.Weights(model));
        Assert.Equal(norm, history[0].GradNorm);
    }

    [Fact]
    public void A_loss_that_is_not_a_scalar_fails_at_the_first_batch_and_says_to_reduce_it()
    {
        var model = new PerSampleLossModel();
        var (inputs, targets) = Data.Blobs(8, seed: 28);

        var error = Assert.Throws<TrainingConfigurationException>(() =>
            model.Fit(TrainingData.FromTensors(inputs, targets, 8), 1, optim.SGD(model.parameters(), 0.1), progress: ProgressMode.Silent));

        Assert.Contains("a loss of shape [8]", error.Message);
        Assert.Contains("loss.mean()", error.Message);
    }

    [Fact]
    public void Clipping_measures_the_gradients_of_the_optimizers_parameters_not_of_a_part_it_does_not_train()
    {
        var inputs = randn(8, 3, generator: new TorchSharp.torch.Generator(29));
        var targets = randn(8, 1, generator: new TorchSharp.torch.Generator(30));
        manual_seed(31);
        var model = new HeadOnlyModel();

        var history = model.Fit(inputs, targets, batchSize: 8, epochs: 3, optim.SGD(model.Head.parameters(), 0.1), nn.MSELoss(), shuffle: false, progress: ProgressMode.Silent);

        // By hand: the head's optimizer clears and steps the head only; the body's gradients, which nothing clears, pile up.
        manual_seed(31);
        var byHand = new HeadOnlyModel();
        var optimizer = optim.SGD(byHand.Head.parameters(), 0.1);
        var norms = new List<double>();
        for (var epoch = 0; epoch < 3; epoch++)
        {
            optimizer.zero_grad();
            nn.functional.mse_loss(byHand.call(inputs), targets).backward();
            norms.Add(nn.utils.clip_grad_norm_(byHand.Head.parameters(), 0.01));
            optimizer.step();
        }

        Assert.Equal(norms, history["grad_norm"]);
        Assert.Equal(Data.Weights(byHand), Data.Weights(model));
        var bodyNorm = Math.Sqrt(byHand.Body.parameters().Sum(p => p.grad!.square().sum().item<float>()));
        Assert.True(bodyNorm > norms[^1], "the test needs a body whose gradients would change the norm");
    }

    [Fact]
    public void A_model_that_never_registers_its_layers_fails_before_the_first_batch_and_says_to_call_RegisterComponents()
    {
        var model = new UnregisteredModel();
        var (inputs, targets) = Data.Blobs(8, seed: 32);

        var error = Assert.Throws<TrainingConfigurationException>(() =>
            model.Fit(inputs, targets, 8, 1, optim.SGD(model.Layer.parameters(), 0.1), nn.CrossEntropyLoss(), progress: ProgressMode.Silent));

        Assert.Contains("UnregisteredModel has no parameters", error.Message);
        Assert.Contains("RegisterComponents()", error.Message);
    }

    [Fact]
    public void An_optimizer_of_another_modules_parameters_fails_before_the_first_batch()
    {
        var model = new PlainLinearModel();
        var (inputs, targets) = (randn(8, 3), randn(8, 1));

        var error = Assert.Throws<TrainingConfigurationException>(() =>
            model.Fit(inputs, targets, 8, 1, optim.SGD(nn.Linear(3, 1).parameters(), 0.1), nn.MSELoss(), progress: ProgressMode.Silent));

        Assert.Contains("holds none of PlainLinearModel's parameters", error.Message);
    }

    [Fact]
    public void Float_targets_to_cross_entropy_are_explained_with_the_batch_and_a_hint_and_nothing_is_written()
    {
        using var folder = new TemporaryWorkingDirectory();
        var model = new TwoInputModel();
        var (left, right, labels) = Pairs(16, seed: 33);

        var error = Assert.Throws<TrainingStepException>(() =>
            model.Fit(left, right, labels.to_type(ScalarType.Float32), 8, 1, optim.SGD(model.parameters(), 0.1), nn.CrossEntropyLoss(), progress: ProgressMode.Silent));

        Assert.StartsWith("The training step failed at epoch 1 (0-based 0), batch 1: ", error.Message);
        Assert.Contains("item 1: [8, 2] Float32 on cpu, item 2: [8, 2] Float32 on cpu, item 3: [8] Float32 on cpu", error.Message);
        Assert.Contains("Hint: CrossEntropyLoss and NLLLoss take class indices as Int64 targets", error.Message);
        Assert.NotNull(error.InnerException);
        Assert.Empty(folder.Files("."));
    }

    // libtorch words these "mat1 and mat2 must have the same dtype", which once got the hint for mismatched features.
    [Theory]
    [InlineData(ScalarType.Float64, ScalarType.Float32)]
    [InlineData(ScalarType.Int64, ScalarType.Float32)]
    [InlineData(ScalarType.Float32, ScalarType.Float64)]
    public void Data_and_a_model_of_different_dtypes_get_the_dtype_hint(ScalarType data, ScalarType model)
    {
        var linear = new PlainLinearModel();
        linear.to(model);
        var inputs = (randn(8, 3) * 3).to_type(data);

        var error = Assert.Throws<TrainingStepException>(() =>
            linear.Fit(inputs, randn(8, 1).to_type(model), 8, 1, optim.SGD(linear.parameters(), 0.1), nn.MSELoss(), progress: ProgressMode.Silent));

        Assert.Contains("Hint: The batch's dtype does not match the model's", error.Message);
    }

    [Fact]
    public void A_class_index_out_of_range_in_validation_is_explained_with_the_batch_of_a_users_own_type()
    {
        var model = new CustomStepModel();
        var (left, right, labels) = Pairs(8, seed: 34);

        var error = Assert.Throws<TrainingStepException>(() =>
            model.Fit([new PairBatch(left, right, labels)], 1, optim.Adam(model.parameters()), validation: [new PairBatch(left, right, labels + 5)], progress: ProgressMode.Silent));

        Assert.StartsWith("The validation step failed at epoch 1 (0-based 0), batch 1: ", error.Message);
        Assert.Contains("a PairBatch: Left: [8, 2] Float32 on cpu, Right: [8, 2] Float32 on cpu, Label: [8] Int64 on cpu", error.Message);
        Assert.Contains("Hint: A class index is outside 0 to classes - 1", error.Message);
    }

    [Theory]
    [InlineData(16)]
    [InlineData(20)]
    public void Accumulating_4_batches_of_4_trains_as_batches_of_16_and_steps_the_last_shorter_group(int samples)
    {
        var inputs = randn(samples, 3, generator: new TorchSharp.torch.Generator(8));
        var targets = randn(samples, 1, generator: new TorchSharp.torch.Generator(9));

        manual_seed(10);
        var accumulating = new AccumulatingModel();
        accumulating.Fit(inputs, targets, batchSize: 4, epochs: 3, optim.SGD(accumulating.parameters(), 0.1), nn.MSELoss(), shuffle: false, progress: ProgressMode.Silent);
        manual_seed(10);
        var plain = new PlainLinearModel();
        plain.Fit(inputs, targets, batchSize: 16, epochs: 3, optim.SGD(plain.parameters(), 0.1), nn.MSELoss(), shuffle: false, progress: ProgressMode.Silent);

        var expected = Data.Weights(plain).SelectMany(w => w).ToArray();
        var actual = Data.Weights(accumulating).SelectMany(w => w).ToArray();
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 5);
    }

    [Fact]
    public void A_step_that_optimizes_by_hand_gets_its_optimizers_and_the_schedule_drives_only_the_one_it_names()
    {
        using var folder = new TemporaryWorkingDirectory();
        manual_seed(11);
        var model = new GanModel();
        var real = randn(32, 2, generator: new TorchSharp.torch.Generator(12)) * 0.1 + 1;
        var generator = optim.Adam(model.Generator.parameters(), 0.01);
        var discriminator = optim.Adam(model.Discriminator.parameters(), 0.01);

        var history = model.Fit(TrainingData<Tensor>.From(Enumerable.Range(0, 4).Select(i => real.narrow(0, i * 8, 8)).ToList()), 3, generator, discriminator, progress: ProgressMode.Silent);

        Assert.Equal(3, history.Count);
        Assert.Equal([0.005, 0.0025, 0.00125], history["learning_rate"]);
        Assert.Equal(0.01, discriminator.ParamGroups.First().LearningRate);
        Assert.All(history, logs => Assert.True(double.IsFinite(logs.DLoss) && logs.DLoss > 0));
        Assert.Equal(["gan-1.bin", "gan-2.bin", "gan-3.bin"], folder.Files(".").Where(f => f.StartsWith("gan-", StringComparison.Ordinal)));

        // The checkpoint holds both optimizers' state, in the order the step takes them.
        var loaded = new GanModel();
        var (loadedGenerator, loadedDiscriminator) = (optim.Adam(loaded.Generator.parameters(), 0.01), optim.Adam(loaded.Discriminator.parameters(), 0.01));
        Declarative.IO.Checkpoint.Load("gan-3.bin", loaded, [loadedGenerator, loadedDiscriminator]);
        Assert.Equal(Data.Weights(model), Data.Weights(loaded));
        Assert.Equal(0.00125, loadedGenerator.ParamGroups.First().LearningRate);
        Assert.Throws<InvalidDataException>(() => Declarative.IO.Checkpoint.Load("gan-3.bin", loaded, [loadedGenerator, loadedDiscriminator, loadedGenerator]));
    }

    [Fact]
    public void Validation_data_for_a_step_that_optimizes_by_hand_without_a_validation_step_fails_before_the_first_batch()
    {
        var model = new GanModel();
        var real = randn(8, 2);
        var error = Assert.Throws<TrainingConfigurationException>(() =>
            model.Fit([real], 1, optim.Adam(model.Generator.parameters()), optim.Adam(model.Discriminator.parameters()), validation: [real], progress: ProgressMode.Silent));
        Assert.Contains("[ValidationStep]", error.Message);
    }

    [Fact]
    public void A_step_takes_a_dataloaders_dictionaries_as_they_are()
    {
        manual_seed(13);
        var (inputs, targets) = Data.Blobs(32, seed: 14);
        using var dataset = new DictionaryDataset(inputs, targets);
        using var loader = new DataLoader(dataset, batchSize: 8, shuffle: false);
        var model = new DictionaryStepModel();

        var history = model.Fit(loader, 3, optim.Adam(model.parameters(), 0.05), progress: ProgressMode.Silent);

        Assert.Equal(3, history.Count);
        Assert.True(history[^1].Accuracy > 0.8, $"accuracy {history[^1].Accuracy}");
    }

    [Fact]
    public void Fit_moves_each_batch_to_the_device_once_before_its_step_and_validation()
    {
        manual_seed(15);
        var model = new MovableStepModel();
        var (inputs, targets) = Data.Blobs(16, seed: 16);
        MovableBatch[] batches = [new(inputs.narrow(0, 0, 8), targets.narrow(0, 0, 8)), new(inputs.narrow(0, 8, 8), targets.narrow(0, 8, 8))];

        var history = model.Fit(batches, 2, optim.SGD(model.parameters(), 0.1), validation: [batches[0]], device: CPU, progress: ProgressMode.Silent);

        Assert.Equal(2, history.Count);
        Assert.Equal(Enumerable.Repeat(1, 6), model.MovesSeen); // two training batches and one validation batch an epoch, each moved once
    }

    [Fact]
    public void A_device_for_batches_that_cannot_move_fails_before_the_first_batch_and_says_how_to_move_them()
    {
        var model = new CustomStepModel();
        var (left, right, labels) = Pairs(8, seed: 17);

        var error = Assert.Throws<TrainingConfigurationException>(() =>
            model.Fit([new PairBatch(left, right, labels)], 1, optim.Adam(model.parameters()), device: CPU, progress: ProgressMode.Silent));

        Assert.Contains("PairBatch To(Device device)", error.Message);
        Assert.Equal(0, model.Steps);
    }

    [Fact]
    public void A_model_elsewhere_than_the_device_fails_before_the_first_batch_and_says_to_move_it_before_making_the_optimizer()
    {
        var model = new TwoInputModel();
        var (left, right, labels) = Pairs(8, seed: 18);

        var error = Assert.Throws<TrainingConfigurationException>(() =>
            model.Fit(left, right, labels, 8, 1, optim.SGD(model.parameters(), 0.1), nn.CrossEntropyLoss(), device: META, progress: ProgressMode.Silent));

        Assert.Contains("model's parameters are on cpu", error.Message);
        Assert.Contains("model.to(", error.Message);
    }

    [Fact]
    public void An_optimizer_of_parameters_elsewhere_than_the_device_fails_before_the_first_batch()
    {
        var model = new TwoInputModel();
        var (left, right, labels) = Pairs(8, seed: 19);
        var elsewhere = nn.Linear(2, 2).to(META);

        var error = Assert.Throws<TrainingConfigurationException>(() =>
            model.Fit(left, right, labels, 8, 1, optim.SGD(elsewhere.parameters(), 0.1), nn.CrossEntropyLoss(), device: CPU, progress: ProgressMode.Silent));

        Assert.Contains("optimizer's parameters are on meta", error.Message);
    }

    private sealed class DictionaryDataset(Tensor inputs, Tensor targets) : torch.utils.data.Dataset
    {
        public override long Count => inputs.shape[0];

        public override Dictionary<string, Tensor> GetTensor(long index) => new() { ["data"] = inputs[index], ["label"] = targets[index] };
    }
}
