using Declarative.Callbacks;
using Declarative.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Declarative.Tests.Callbacks;

/// <summary>
/// The per-step schedules driven directly on a real optimizer's parameter groups, step by step, against the formulas and
/// the values PyTorch's own tests expect (test/optim/test_lrscheduler.py).
/// </summary>
public class LearningRateScheduleTests
{
    // PyTorch's test_onecycle_lr_linear_annealing: max_lr 25 (so 1 at the start), final_div_factor 2, 10 steps, the
    // momentum between 1 and 22 there (0.01 and 0.22 here: a momentum is at most 1).
    [Fact]
    public void OneCycle_with_linear_annealing_gives_pytorchs_rates_and_momentums()
    {
        using var run = Run.Sgd(momentum: 0.9);
        var schedule = new OneCycleSchedule(new(25) { TotalSteps = 10, FinalDivFactor = 2, BaseMomentum = 0.01, MaxMomentum = 0.22, Anneal = AnnealStrategy.Linear });

        var (rates, momentums) = run.Step(schedule, 10);

        AssertClose([1, 13, 25, 21.5, 18, 14.5, 11, 7.5, 4, 0.5], rates);
        AssertClose([0.22, 0.115, 0.01, 0.04, 0.07, 0.10, 0.13, 0.16, 0.19, 0.22], momentums);
    }

    // PyTorch's test_onecycle_lr_cosine_annealing, and its momentum for Adam (β1, β2 left alone).
    [Fact]
    public void OneCycle_with_cosine_annealing_gives_pytorchs_rates_and_cycles_adams_beta1()
    {
        using var run = Run.Adam();
        var schedule = new OneCycleSchedule(new(25) { TotalSteps = 10, FinalDivFactor = 2, BaseMomentum = 0.01, MaxMomentum = 0.22 });

        var (rates, momentums) = run.Step(schedule, 10);

        static double Cos(double start, double end, double pct) => end + ((start - end) / 2.0 * (Math.Cos(Math.PI * pct) + 1));
        AssertClose([1, 13, 25, .. Enumerable.Range(1, 7).Select(i => Cos(25, 0.5, i / 7.0))], rates);
        AssertClose([0.22, 0.115, 0.01, .. Enumerable.Range(1, 7).Select(i => Cos(0.01, 0.22, i / 7.0))], momentums);
        Assert.Equal(0.999, ((optim.IBetas)run.Group).Betas.Item2);
    }

    // PyTorch's test_onecycle_lr_linear_annealing_three_phases.
    [Fact]
    public void OneCycle_in_three_phases_gives_pytorchs_rates_and_momentums()
    {
        using var run = Run.Sgd(momentum: 0.9);
        var schedule = new OneCycleSchedule(new(25)
        {
            TotalSteps = 10, PctStart = 0.4, FinalDivFactor = 4, BaseMomentum = 0.01, MaxMomentum = 0.22, Anneal = AnnealStrategy.Linear, ThreePhase = true,
        });

        var (rates, momentums) = run.Step(schedule, 10);

        AssertClose([1, 9, 17, 25, 17, 9, 1, 0.75, 0.5, 0.25], rates);
        AssertClose([0.22, 0.15, 0.08, 0.01, 0.08, 0.15, 0.22, 0.22, 0.22, 0.22], momentums);
    }

    [Fact]
    public void OneCycle_past_its_last_step_stays_at_its_minimum_where_pytorch_raises()
    {
        using var run = Run.Sgd(momentum: 0.9);
        var schedule = new OneCycleSchedule(new(25) { TotalSteps = 10, FinalDivFactor = 2, Anneal = AnnealStrategy.Linear });

        var (rates, _) = run.Step(schedule, 13);

        AssertClose([0.5, 0.5, 0.5, 0.5], rates[9..]);
    }

    [Fact]
    public void OneCycle_refuses_an_optimizer_without_momentum_at_train_begin_unless_told_not_to_cycle_it()
    {
        using var run = new Run(layer => optim.Adagrad(layer.parameters(), 0.1));
        var error = Assert.Throws<TrainingConfigurationException>(() => new OneCycleSchedule(new(0.1) { TotalSteps = 10 }).OnTrainBegin(run.Session));
        Assert.Contains("the parameter groups of Adagrad have neither a momentum nor betas", error.Message);
        Assert.Contains("CycleMomentum = false", error.Message);

        var rates = run.Step(new OneCycleSchedule(new(0.1) { TotalSteps = 10, CycleMomentum = false }), 3).Rates;
        Assert.Equal(0.1 / 25, rates[0], 1e-15);
    }

    // PyTorch's LinearLR, then CosineAnnealingLR from the peak (SequentialLR with its milestone at the warmup's end),
    // as closed forms: base × (s + (1 − s) t / W), then F + (base − F)(1 + cos(π (t − W) / (T − W))) / 2; each group
    // peaks at its own rate.
    [Fact]
    public void WarmupCosine_follows_linear_warmup_then_cosine_annealing_for_each_groups_rate()
    {
        using var run = new Run(layer => optim.SGD(
        [
            new SGD.ParamGroup([layer.weight!], lr: 0.1),
            new SGD.ParamGroup([layer.bias!], lr: 0.02),
        ], 0.1));
        var schedule = new WarmupCosineSchedule(new() { WarmupSteps = 4, TotalSteps = 12, WarmupStartFactor = 0.1, FinalLearningRate = 0.001 });

        var rates = run.Step(schedule, 14, group: 1).Rates;

        static double Expected(long t, double peak) => t < 4
            ? peak * (0.1 + (0.9 * t / 4))
            : 0.001 + ((peak - 0.001) * (1 + Math.Cos(Math.PI * Math.Min(t - 4, 8) / 8)) / 2);
        AssertClose(Enumerable.Range(0, 14).Select(t => Expected(t, 0.02)).ToArray(), rates);
        Assert.Equal(0.002, rates[0], 1e-15);
        Assert.Equal(0.02, rates[4], 1e-15);
        Assert.Equal(0.001 + (0.019 / 2), rates[8], 1e-15);
        Assert.Equal(0.001, rates[12]);
        Assert.Equal(Expected(13, 0.1), run.Optimizer.ParamGroups.First().LearningRate, 1e-15);
    }

    [Fact]
    public void WarmupCosine_peaks_at_the_rate_it_is_given_rather_than_the_optimizers()
    {
        using var run = Run.Sgd();
        var schedule = new WarmupCosineSchedule(new() { WarmupSteps = 2, TotalSteps = 6, PeakLearningRate = 0.5 });

        var rates = run.Step(schedule, 3).Rates;

        AssertClose([0, 0.25, 0.5], rates);
    }

    [Fact]
    public void A_schedule_spanning_a_run_that_cannot_count_its_steps_fails_at_train_begin_saying_what_to_give()
    {
        using var run = Run.Sgd();
        var schedule = new WarmupCosineSchedule(new() { WarmupSteps = 10 });

        var error = Assert.Throws<TrainingConfigurationException>(() => schedule.OnTrainBegin(run.Session));

        Assert.Contains("[WarmupCosineSchedule(WarmupSteps = 10)]", error.Message);
        Assert.Contains("Give TotalSteps = ", error.Message);
        Assert.Contains("stepsPerEpoch", error.Message);
    }

    [Fact]
    public void A_schedule_counting_epochs_spans_the_runs_epochs_and_moves_only_when_one_begins()
    {
        using var run = Run.Sgd(epochs: 5);
        var schedule = new WarmupCosineSchedule(new() { WarmupSteps = 1, Interval = ScheduleInterval.Epoch });
        schedule.OnTrainBegin(run.Session);

        var rates = new List<double>();
        for (var epoch = 0; epoch < 5; epoch++)
        {
            schedule.OnEpochBegin(epoch);
            for (var step = 0; step < 3; step++) schedule.OnOptimizerStep((epoch * 3) + step);
            rates.Add(run.Group.LearningRate);
        }

        Assert.Equal(5, schedule.Length);
        AssertClose([0, 0.1, 0.1 * (1 + Math.Cos(Math.PI / 4)) / 2, 0.05, 0.1 * (1 + Math.Cos(3 * Math.PI / 4)) / 2], rates);
    }

    // PyTorch's test_linearlr: a factor from 1/2 to 1 over 4 steps, then the rate left alone.
    [Fact]
    public void Linear_gives_pytorchs_rates_and_leaves_the_rate_alone_after_its_steps()
    {
        using var run = Run.Sgd(rate: 0.05);
        var schedule = new LinearSchedule(new() { StartFactor = 0.5, Steps = 4 });

        var rates = run.Step(schedule, 10).Rates;

        AssertClose([0.025, 0.03125, 0.0375, 0.04375, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05], rates);
        run.Group.LearningRate = 0.007;
        schedule.OnOptimizerStep(10);
        Assert.Equal(0.007, run.Group.LearningRate);
    }

    [Fact]
    public void Linear_multiplies_the_rate_it_finds_so_a_reduction_during_the_warmup_lowers_the_peak()
    {
        using var run = Run.Sgd(rate: 0.08);
        var schedule = new LinearSchedule(new() { StartFactor = 0.25, Steps = 3 });
        schedule.OnTrainBegin(run.Session);
        schedule.OnOptimizerStep(0);
        Assert.Equal(0.04, run.Group.LearningRate, 1e-15);

        run.Group.LearningRate /= 2; // what ReduceLROnPlateau does at an epoch's end
        schedule.OnOptimizerStep(1);
        schedule.OnOptimizerStep(2);

        Assert.Equal(0.04, run.Group.LearningRate, 1e-15);
    }

    [Fact]
    public void A_torch_scheduler_is_made_on_the_initial_rates_and_stepped_after_each_optimizer_step()
    {
        using var run = Run.Sgd(rate: 0.1);
        run.Group.LearningRate = 0.5; // left by an earlier run
        var schedule = new TorchScheduler(new("Exponential") { Interval = ScheduleInterval.Step }, optimizer => optim.lr_scheduler.ExponentialLR(optimizer, 0.9));

        var rates = run.Step(schedule, 4).Rates;

        AssertClose([0.1, 0.09, 0.081, 0.0729], rates);
        Assert.Single(schedule.Schedulers);
    }

    // A backup of the position, restored into a new run whose optimizer state says the rate is already decayed:
    // StepLR multiplies the rate it finds, so the callback replays it from the initial rates, not from the restored one.
    [Fact]
    public void A_torch_scheduler_resumed_from_its_state_replays_to_the_rates_of_the_uninterrupted_run()
    {
        using var reference = Run.Sgd(rate: 0.1);
        var uninterrupted = reference.Step(StepLR(), 9).Rates;

        using var first = Run.Sgd(rate: 0.1);
        var before = StepLR();
        first.Step(before, 5);
        var (callbackState, optimizerState) = (Save(before.SaveState), Save(((OptimizerHelper)first.Optimizer).save_state_dict));

        using var resumed = Run.Sgd(rate: 0.1);
        var after = StepLR();
        after.OnTrainBegin(resumed.Session);
        Load(optimizerState, ((OptimizerHelper)resumed.Optimizer).load_state_dict);
        Load(callbackState, after.LoadState);
        Assert.Equal(5, after.Position);
        var rates = new List<double> { resumed.Group.LearningRate };
        for (var step = 5; step < 8; step++)
        {
            after.OnOptimizerStep(step);
            rates.Add(resumed.Group.LearningRate);
        }

        Assert.Equal(uninterrupted[5..], rates);

        static TorchScheduler StepLR() => new(new("Halving") { Interval = ScheduleInterval.Step }, optimizer => optim.lr_scheduler.StepLR(optimizer, 2, 0.5));
    }

    [Fact]
    public void A_torch_scheduler_that_steps_on_a_metric_is_refused_at_train_begin()
    {
        using var run = Run.Sgd();
        var schedule = new TorchScheduler(new("Plateau"), optimizer => optim.lr_scheduler.ReduceLROnPlateau(optimizer));

        var error = Assert.Throws<TrainingConfigurationException>(() => schedule.OnTrainBegin(run.Session));

        Assert.Contains("Use [ReduceLROnPlateau(Monitor = ...)] instead", error.Message);
    }

    [Fact]
    public void Verbose_prints_the_rate_at_each_epochs_beginning()
    {
        var output = new StringWriter();
        using var run = Run.Sgd(output: output);
        var schedule = new WarmupCosineSchedule(new() { WarmupSteps = 2, TotalSteps = 4, PeakLearningRate = 0.2, Verbose = true });
        schedule.OnTrainBegin(run.Session);
        schedule.OnEpochBegin(0);
        schedule.OnOptimizerStep(0);
        schedule.OnEpochBegin(1);

        Assert.Equal(
            "Epoch 1: WarmupCosineSchedule learning rate is 0.0 at optimizer step 0." + Environment.NewLine +
            "Epoch 2: WarmupCosineSchedule learning rate is 0.1 at optimizer step 1." + Environment.NewLine,
            output.ToString());
    }

    [Theory]
    [InlineData(-1, 0, "WarmupSteps")]
    [InlineData(10, 10, "WarmupSteps")]
    [InlineData(0, -5, "TotalSteps")]
    public void Settings_out_of_range_are_refused_when_constructed_in_code(int warmup, int total, string setting)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new WarmupCosineSchedule(new() { WarmupSteps = warmup, TotalSteps = total }));
        Assert.Contains(setting + " = ", error.Message);
    }

    private static void AssertClose(double[] expected, IReadOnlyList<double> actual)
    {
        Assert.Equal(expected.Length, actual.Count);
        for (var i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-12 * Math.Max(1, Math.Abs(expected[i])), $"step {i}: expected {expected[i]}, got {actual[i]}");
    }

    private static byte[] Save(Action<BinaryWriter> save)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) save(writer);
        return stream.ToArray();
    }

    private static void Load(byte[] state, Action<BinaryReader> load)
    {
        using var reader = new BinaryReader(new MemoryStream(state));
        load(reader);
    }

    /// <summary>A session of a hand-written loop over a <c>Linear(2, 1)</c> and an optimizer of it.</summary>
    private sealed class Run : IDisposable
    {
        private readonly Linear _layer = nn.Linear(2, 1);

        public Run(Func<Linear, optim.Optimizer> optimizer, int epochs = 100, TextWriter? output = null)
        {
            Optimizer = optimizer(_layer);
            Session = new TrainingSession(_layer, Optimizer, epochs, hasValidation: false, output);
        }

        public optim.Optimizer Optimizer { get; }

        public TrainingSession Session { get; }

        public optim.ILearningRateController Group => Optimizer.ParamGroups.First();

        public static Run Sgd(double rate = 0.1, double momentum = 0, int epochs = 100, TextWriter? output = null) =>
            new(layer => optim.SGD(layer.parameters(), rate, momentum), epochs, output);

        public static Run Adam() => new(layer => optim.Adam(layer.parameters(), 0.1));

        /// <summary>Begins training, and reads the rate and momentum (or β1) of the group each of <paramref name="steps"/> optimizer steps would use.</summary>
        public (double[] Rates, double[] Momentums) Step(LearningRateSchedule schedule, int steps, int group = 0)
        {
            schedule.OnTrainBegin(Session);
            var read = Optimizer.ParamGroups.ElementAt(group);
            var (rates, momentums) = (new double[steps], new double[steps]);
            for (var step = 0; step < steps; step++)
            {
                rates[step] = read.LearningRate;
                momentums[step] = read switch
                {
                    optim.IBetas betas => betas.Betas.Item1,
                    optim.IMomentum momentum => momentum.Momentum,
                    _ => double.NaN,
                };
                schedule.OnOptimizerStep(step);
            }

            return (rates, momentums);
        }

        public void Dispose()
        {
            Session.Dispose();
            _layer.Dispose();
        }
    }
}
