using Declarative.Callbacks;
using Declarative.Tests.Models;
using Declarative.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace Declarative.Tests.Callbacks;

/// <summary>ReduceLROnPlateau's patience, cooldown and min_lr arithmetic (keras-callbacks.md §2.3).</summary>
public class ReduceLROnPlateauTests
{
    private const double Plateau = 1.0;

    private static ReduceLROnPlateau<SequenceModelLogs> Create(
        MetricDirection direction, double factor = 0.1, int patience = 10, double minDelta = 1e-4, int cooldown = 0, double minLearningRate = 0, bool verbose = false) =>
        new(SequenceModelLogs.Monitors.Value, new ReduceLROnPlateauAttribute
        {
            Mode = Sessions.Mode(direction),
            Factor = factor,
            Patience = patience,
            MinDelta = minDelta,
            Cooldown = cooldown,
            MinLearningRate = minLearningRate,
            Verbose = verbose,
        });

    // (because, values, direction, factor, patience, cooldown, minDelta, minLearningRate, epochs that reduce, rate after each epoch)
    public static TheoryData<string, double[], MetricDirection, double, int, int, double, double, int[], double[]> Cases => new()
    {
        { "waits patience epochs, then reduces and counts again", [Plateau, Plateau, Plateau, Plateau, Plateau, Plateau], MetricDirection.Minimize, 0.5, 2, 0, 0, 0, [2, 4], [1, 1, 0.5, 0.5, 0.25, 0.25] },
        { "patience 0 reduces on every non-improving epoch", [1, 2, 3], MetricDirection.Minimize, 0.5, 0, 0, 0, 0, [1, 2], [1, 0.5, 0.25] },
        { "cooldown c: next reduction at r + c + max(patience, 1) - 1", [Plateau, Plateau, Plateau, Plateau, Plateau, Plateau], MetricDirection.Minimize, 0.5, 1, 2, 0, 0, [1, 3, 5], [1, 0.5, 0.5, 0.25, 0.25, 0.125] },
        { "improvements are recorded during cooldown", [1.0, 1.0, 0.5, 0.6, 0.6, 0.6, 0.6], MetricDirection.Minimize, 0.5, 1, 3, 0, 0, [1, 4], [1, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25] },
        { "the rate never goes below min_lr, and at min_lr nothing is reduced", [Plateau, Plateau, Plateau, Plateau, Plateau], MetricDirection.Minimize, 0.1, 1, 0, 0, 0.05, [1, 2], [1, 0.1, 0.05, 0.05, 0.05] },
        { "max mode with min_delta", [0.5, 0.55, 0.7, 0.75], MetricDirection.Maximize, 0.5, 1, 0, 0.1, 0, [1, 3], [1, 0.5, 0.5, 0.25] },
        { "NaN never improves", [1.0, double.NaN, 0.5], MetricDirection.Minimize, 0.5, 1, 0, 0, 0, [1], [1, 0.5, 0.5] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reduces_the_rate_as_keras_does(
        string because, double[] values, MetricDirection direction, double factor, int patience, int cooldown, double minDelta, double minRate, int[] reducingEpochs, double[] rates)
    {
        using var layer = nn.Linear(1, 1);
        using var optimizer = optim.SGD(layer.parameters(), 1.0);
        var groups = optimizer.ParamGroups.ToArray();
        var plateau = Create(direction, factor, patience, minDelta, cooldown, minRate);

        var reductions = new List<int>();
        var observed = new List<double>();
        for (var epoch = 0; epoch < values.Length; epoch++)
        {
            if (plateau.Step(epoch, values[epoch], groups)) reductions.Add(epoch);
            observed.Add(groups[0].LearningRate);
        }

        Assert.True(reducingEpochs.SequenceEqual(reductions), $"{because}: reduced at [{string.Join(", ", reductions)}]");
        Assert.True(rates.SequenceEqual(observed), $"{because}: rates [{string.Join(", ", observed)}]");
    }

    [Fact]
    public void At_min_lr_the_wait_keeps_counting_and_no_cooldown_starts()
    {
        using var layer = nn.Linear(1, 1);
        using var optimizer = optim.SGD(layer.parameters(), 0.05);
        var groups = optimizer.ParamGroups.ToArray();
        var plateau = Create(MetricDirection.Minimize, factor: 0.5, patience: 1, cooldown: 3, minLearningRate: 0.05);
        for (var epoch = 0; epoch < 4; epoch++) Assert.False(plateau.Step(epoch, 1.0, groups));
        Assert.Equal(3, plateau.Wait);
        Assert.Equal(0, plateau.CooldownCounter);
    }

    [Fact]
    public void Every_parameter_group_is_reduced_from_its_own_rate()
    {
        using var first = nn.Linear(1, 1);
        using var second = nn.Linear(1, 1);
        using var optimizer = optim.SGD([new TorchSharp.Modules.SGD.ParamGroup(first.parameters(), lr: 0.4), new TorchSharp.Modules.SGD.ParamGroup(second.parameters(), lr: 0.02)], 0.4);
        var groups = optimizer.ParamGroups.ToArray();
        var plateau = Create(MetricDirection.Minimize, factor: 0.5, patience: 0, minLearningRate: 0.015);
        plateau.Step(0, 1.0, groups);
        plateau.Step(1, 1.0, groups);
        Assert.Equal([0.2, 0.015], groups.Select(g => g.LearningRate));
    }

    [Fact]
    public void A_second_run_starts_from_scratch_and_verbose_prints_keras_messages()
    {
        var output = new StringWriter();
        using var session = Sessions.Create(output);
        session.ParameterGroups[0].LearningRate = 0.1;
        var plateau = Create(MetricDirection.Minimize, factor: 0.5, patience: 0, verbose: true);
        plateau.OnTrainBegin(session);
        plateau.OnEpochEnd(0, Sessions.Logs(0, 0.1));
        plateau.OnEpochEnd(1, Sessions.Logs(1, 0.2));
        Assert.Equal("Epoch 2: ReduceLROnPlateau reducing learning rate to 0.05." + Environment.NewLine, output.ToString());
        Assert.Equal(0.05, session.LearningRate);

        plateau.OnTrainBegin(session);
        Assert.Null(plateau.Best);
        Assert.False(plateau.Step(0, 1.0, session.ParameterGroups));
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.0)]
    [InlineData(-0.5)]
    public void A_factor_outside_0_to_1_is_rejected(double factor) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Create(MetricDirection.Minimize, factor));
}
