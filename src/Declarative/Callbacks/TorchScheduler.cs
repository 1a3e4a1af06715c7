using System;
using System.Collections.Generic;
using Declarative.Training;
using static TorchSharp.torch.optim;
using static TorchSharp.torch.optim.lr_scheduler;

namespace Declarative.Callbacks;

/// <summary>
/// Steps a TorchSharp learning-rate scheduler, made by a factory for each optimizer whose rate it sets, once per
/// optimizer step or once per epoch (see <see cref="TorchSchedulerAttribute"/>).
/// </summary>
/// <remarks>
/// TorchSharp's schedulers have no <c>state_dict</c>, and many (StepLR, ExponentialLR, ...) multiply the rate they find.
/// So each is made on its optimizer's initial rates, and its state is the number of times it was stepped (the
/// position): a resumed run puts the initial rates back, makes the scheduler again and steps it that many times, which
/// does exactly the arithmetic of the uninterrupted run.
/// </remarks>
public sealed class TorchScheduler : LearningRateSchedule
{
    private readonly Func<Optimizer, LRScheduler> _factory;
    private Optimizer[] _optimizers = [];
    private LRScheduler[] _schedulers = [];

    /// <summary>Creates the callback.</summary>
    /// <param name="settings">Its settings, as the attribute takes them (the factory's name is for messages).</param>
    /// <param name="factory">Makes the scheduler of an optimizer (the model's static method the settings name).</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public TorchScheduler(TorchSchedulerAttribute settings, Func<Optimizer, LRScheduler> factory)
        : base(CallbackSettings.Checked(settings), SettingsText.Describe(settings))
    {
        _factory = factory ?? throw new ArgumentNullException(nameof(factory));
        FactoryMethod = settings.FactoryMethod;
    }

    /// <summary>The factory's name, for messages.</summary>
    public string FactoryMethod { get; }

    /// <summary>The schedulers of this run, one per optimizer whose rate it sets (none before training begins).</summary>
    public IReadOnlyList<LRScheduler> Schedulers => _schedulers;

    private protected override void Start()
    {
        var session = Session;
        _optimizers = Optimizer is null ? [.. session.Optimizers] : [session.Optimizers[IndexOf(session.OptimizerNames, Optimizer)]];
        Create();
    }

    private protected override void Advance(long from, long to)
    {
        for (var position = from; position < to; position++)
        {
            foreach (var scheduler in _schedulers) scheduler.step();
        }
    }

    private protected override void Resume()
    {
        Create();
        Advance(0, Position);
    }

    // Each scheduler starts from its optimizer's initial rates, in a fresh run and a resumed one alike.
    private void Create()
    {
        _schedulers = new LRScheduler[_optimizers.Length];
        for (var i = 0; i < _optimizers.Length; i++)
        {
            foreach (var group in _optimizers[i].ParamGroups) group.LearningRate = group.InitialLearningRate;
            var scheduler = _factory(_optimizers[i]) ?? throw new TrainingConfigurationException($"{Description}: {FactoryMethod} returned null; return the scheduler of the optimizer it is given.");
            if (scheduler is impl.ReduceLROnPlateau)
            {
                throw new TrainingConfigurationException(
                    $"{Description}: {FactoryMethod} returned a ReduceLROnPlateau, which steps on a monitored value, not on a count. Use [ReduceLROnPlateau(Monitor = ...)] instead.");
            }

            _schedulers[i] = scheduler;
        }
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] == name) return i;
        }

        return -1;
    }
}
