using Declarative.Callbacks;
using Declarative.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace Declarative.Tests.Callbacks;

/// <summary>LearningRateScheduler on a real optimizer's parameter groups (keras-callbacks.md §2.4).</summary>
public class LearningRateSchedulerTests
{
    [Fact]
    public void Each_parameter_group_gets_the_schedule_of_its_own_rate()
    {
        using var first = nn.Linear(2, 2);
        using var second = nn.Linear(2, 2);
        using var optimizer = optim.SGD(
        [
            new TorchSharp.Modules.SGD.ParamGroup(first.parameters(), lr: 0.1),
            new TorchSharp.Modules.SGD.ParamGroup(second.parameters(), lr: 0.01),
        ], 0.1);
        var groups = optimizer.ParamGroups.ToArray();
        var calls = new List<(int, double)>();
        var scheduler = new LearningRateScheduler(new("Halve"), (epoch, rate) =>
        {
            calls.Add((epoch, rate));
            return rate / 2;
        });

        Assert.Equal(0.05, scheduler.SetRates(3, groups));

        Assert.Equal([(3, 0.1), (3, 0.01)], calls);
        Assert.Equal([0.05, 0.005], groups.Select(g => g.LearningRate));
    }

    [Fact]
    public void Halving_twice_is_exact_in_double()
    {
        using var layer = nn.Linear(2, 2);
        using var optimizer = optim.SGD(layer.parameters(), 0.03);
        var groups = optimizer.ParamGroups.ToArray();
        var scheduler = new LearningRateScheduler(new("Halve"), (_, rate) => rate / 2);
        scheduler.SetRates(0, groups);
        scheduler.SetRates(1, groups);

        // Keras rounds to float32 and reads back 0.007499999832361937; TorchSharp keeps doubles.
        Assert.Equal(0.0075, groups[0].LearningRate);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(-0.1)]
    public void A_schedule_returning_an_invalid_rate_fails_naming_the_epoch(double rate)
    {
        using var layer = nn.Linear(2, 2);
        using var optimizer = optim.SGD(layer.parameters(), 0.1);
        var scheduler = new LearningRateScheduler(new("Decay"), (_, _) => rate);
        var error = Assert.Throws<InvalidOperationException>(() => scheduler.SetRates(4, optimizer.ParamGroups.ToArray()));
        Assert.Contains("'Decay'", error.Message);
        Assert.Contains("epoch 4", error.Message);
        Assert.Equal(0.1, optimizer.ParamGroups.First().LearningRate);
    }

    [Fact]
    public void Verbose_prints_the_rate_like_keras()
    {
        var output = new StringWriter();
        using var session = Sessions.Create(output);
        var scheduler = new LearningRateScheduler(new("Fixed") { Verbose = true }, (_, _) => 0.025);
        scheduler.OnTrainBegin(session);
        scheduler.OnEpochBegin(0);
        Assert.Equal("Epoch 1: LearningRateScheduler setting learning rate to 0.025." + Environment.NewLine, output.ToString());
        Assert.Equal(0.025, session.LearningRate);
    }
}
