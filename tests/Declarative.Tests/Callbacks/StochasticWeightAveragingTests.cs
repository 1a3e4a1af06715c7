using Declarative.Callbacks;
using Declarative.Tests.Models;
using Declarative.Tests.Support;
using Declarative.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Declarative.Tests.Callbacks;

/// <summary>
/// Lightning's StochasticWeightAveraging: SWALR's annealed learning rate from the start epoch, an equal average of the
/// weights at each epoch end from there, and at the end the average in the model with batch-norm statistics recomputed
/// over the training data as PyTorch's update_bn does.
/// </summary>
[Collection(WorkingDirectoryCollection.Name)]
public sealed class StochasticWeightAveragingTests
{
    // SWALR stepped once per epoch from 0.1 to 0.01 over 4 epochs: r0 + (0.01 - r0) × f(k / 4).
    [Theory]
    [InlineData(AnnealingStrategy.Cosine, 4, new[] { 0.1, 0.086819805153394638, 0.055, 0.023180194846605362, 0.01, 0.01 })]
    [InlineData(AnnealingStrategy.Linear, 4, new[] { 0.1, 0.0775, 0.055, 0.0325, 0.01, 0.01 })]
    [InlineData(AnnealingStrategy.Cosine, 0, new[] { 0.01, 0.01, 0.01 })]
    [InlineData(AnnealingStrategy.Linear, 1, new[] { 0.1, 0.01, 0.01 })]
    public void The_rate_goes_from_the_one_the_start_epoch_began_with_to_its_own_over_the_annealing_epochs(AnnealingStrategy strategy, int annealingEpochs, double[] expected)
    {
        using var swa = new StochasticWeightAveraging(new(0.01, 3) { AnnealingEpochs = annealingEpochs, AnnealingStrategy = strategy });

        var rates = expected.Select((_, k) => swa.RateAt(3 + k, startRate: 0.1)).ToArray();

        for (var k = 0; k < expected.Length; k++) Assert.Equal(expected[k], rates[k], 12);
        Assert.Throws<ArgumentOutOfRangeException>(() => swa.RateAt(2, 0.1));
    }

    [Fact]
    public void From_its_start_epoch_it_sets_the_rates_and_averages_the_weights_at_each_epoch_end_then_the_model_takes_the_average()
    {
        using var session = Sessions.Create();
        var weight = ((Linear)session.Model).weight;
        var group = session.ParameterGroups[0];
        using var swa = new StochasticWeightAveraging(new(0.02, 2) { AnnealingEpochs = 2, AnnealingStrategy = AnnealingStrategy.Linear });
        swa.OnTrainBegin(session);

        for (var epoch = 0; epoch < 2; epoch++)
        {
            swa.OnEpochBegin(epoch);
            swa.OnEpochEnd(epoch);
        }

        Assert.Equal(0.1, group.LearningRate, 12);
        Assert.Equal(0, swa.Average.Count);
        group.LearningRate = 0.2; // what another learning-rate callback set for epoch 2

        float[] weights = [1, 4, -2];
        var expectedRates = new[] { 0.2, 0.11, 0.02 };
        for (var k = 0; k < weights.Length; k++)
        {
            swa.OnEpochBegin(2 + k);
            Assert.Equal(expectedRates[k], group.LearningRate, 12);
            using (no_grad()) weight.fill_(weights[k]);
            swa.OnEpochEnd(2 + k);
        }

        swa.OnTrainEnd(new TrainingEnd(TrainingEndReason.Completed, 4));

        Assert.Equal(1f, weight.item<float>(), 6);
        Assert.True(swa.ModelHoldsAverage);
    }

    [Fact]
    public void Recomputed_batch_norm_statistics_are_the_cumulative_average_of_the_batches_statistics()
    {
        using var norm = nn.BatchNorm1d(2, momentum: 0.3);
        using (no_grad())
        {
            norm.running_mean!.fill_(50);
            norm.running_var!.fill_(50);
        }

        norm.eval();
        var first = tensor(new float[,] { { 1, 2 }, { 3, 6 }, { 5, 1 } });
        var second = tensor(new float[,] { { 0, 0 }, { 4, 8 } });

        Assert.True(BatchNormStatistics.Recompute(norm, () =>
        {
            norm.call(first);
            norm.call(second);
        }));

        // By hand: each batch's mean and unbiased variance, then their plain average (two batches: 1/1, then 1/2).
        double[] mean = [(3.0 + 2.0) / 2, (3.0 + 4.0) / 2];
        double[] variance = [(4.0 + 8.0) / 2, (7.0 + 32.0) / 2];
        var runningMean = norm.running_mean!.data<float>().ToArray();
        var runningVariance = norm.running_var!.data<float>().ToArray();
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(mean[i], runningMean[i], 5);
            Assert.Equal(variance[i], runningVariance[i], 5);
        }

        Assert.Equal(2L, norm.num_batches_tracked!.item<long>());
        Assert.Equal((double?)0.3, norm.momentum);
        Assert.False(norm.training);
        Assert.False(BatchNormStatistics.Recompute(nn.Linear(2, 2), () => throw new InvalidOperationException("no batch norm, no pass")));
    }

    [Fact]
    public void Fit_ends_with_the_average_of_the_epochs_from_the_start_and_batch_norm_statistics_of_the_training_data()
    {
        using var folder = new TemporaryWorkingDirectory();
        manual_seed(7);
        var model = new SwaModel();
        var (inputs, targets) = Data.Blobs(32, seed: 6);

        var history = model.Fit(TrainingData.FromTensors(inputs, targets, 8, shuffle: false), 3, optim.SGD(model.parameters(), 0.2), nn.CrossEntropyLoss(), progress: ProgressMode.Silent);

        // SWALR over 2 epochs from 0.2 to 0.05, cosine: epoch 1 begins at 0.2, epoch 2 halfway.
        Assert.Equal([0.2, 0.2, 0.125], history.Select(e => e.LearningRate).ToArray(), new Tolerance(1e-7));
        Assert.True(model.Callbacks.StochasticWeightAveraging.ModelHoldsAverage);
        var final = Data.Weights(model);
        var (epoch1, epoch2) = (model.EpochEndWeights[1], model.EpochEndWeights[2]);
        for (var p = 0; p < final.Length; p++)
        {
            for (var i = 0; i < final[p].Length; i++) Assert.Equal((epoch1[p][i] + epoch2[p][i]) / 2, final[p][i], 5);
        }

        // The statistics of the batch-norm layer's inputs under the averaged weights, batch by batch, averaged.
        var means = new List<Tensor>();
        var variances = new List<Tensor>();
        using (no_grad())
        {
            for (var start = 0; start < 32; start += 8)
            {
                var hidden = model.First.call(inputs.narrow(0, start, 8));
                means.Add(hidden.mean([0]));
                variances.Add(hidden.var(0));
            }
        }

        Assert.True(stack(means).mean([0]).allclose(model.Norm.running_mean!, atol: 1e-5));
        Assert.True(stack(variances).mean([0]).allclose(model.Norm.running_var!, atol: 1e-5));
        Assert.Equal(4L, model.Norm.num_batches_tracked!.item<long>());
    }

    [Fact]
    public void A_model_with_batch_norm_fails_at_train_begin_when_the_run_cannot_pass_over_its_training_data()
    {
        var model = nn.Sequential(nn.Linear(1, 2), nn.BatchNorm1d(2));
        using var session = new TrainingSession(model, optim.SGD(model.parameters(), 0.1), epochs: 3, hasValidation: false);
        using var swa = new StochasticWeightAveraging(new(0.01, 1));

        var error = Assert.Throws<TrainingConfigurationException>(() => swa.OnTrainBegin(session));
        Assert.Contains("[StochasticWeightAveraging(0.01, 1)] recomputes the batch-norm statistics", error.Message);

        session.TrainingDataPass = () => { };
        swa.OnTrainBegin(session);
    }

    private sealed class Tolerance(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
