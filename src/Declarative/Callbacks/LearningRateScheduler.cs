using System;
using System.IO;
using Declarative.Training;
using static TorchSharp.torch.optim;

namespace Declarative.Callbacks;

/// <summary>
/// Keras's <c>LearningRateScheduler</c>: at the beginning of every epoch, sets each parameter group's learning rate
/// to <c>schedule(epoch, currentRate)</c>.
/// </summary>
/// <remarks>
/// The epoch passed to the schedule is the 0-based absolute epoch. A schedule that returns NaN, an infinity or a
/// negative number is an error that names the epoch, instead of silently corrupting training.
/// Rates are read and written through <see cref="Optimizer.ParamGroups"/>, the path TorchSharp's own schedulers use.
/// </remarks>
public sealed class LearningRateScheduler : IOnTrainBegin, IOnEpochBegin
{
    private readonly Func<int, double, double> _schedule;
    private TrainingSession? _session;
    private ILearningRateController[] _groups = [];

    /// <summary>Creates the callback.</summary>
    /// <param name="settings">Its settings, as the attribute takes them (the schedule's name is for messages).</param>
    /// <param name="schedule">Maps (0-based epoch, current rate) to the rate for that epoch.</param>
    public LearningRateScheduler(LearningRateSchedulerAttribute settings, Func<int, double, double> schedule)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _schedule = schedule ?? throw new ArgumentNullException(nameof(schedule));
        CallbackSettings.Check(settings);
        Description = SettingsText.Describe(settings);
        Name = settings.ScheduleMethod;
        Verbose = settings.Verbose;
        Optimizer = settings.Optimizer;
    }

    /// <summary>The callback's configuration, as its attribute would be written.</summary>
    public string Description { get; }

    /// <summary>The schedule's name, for messages.</summary>
    public string Name { get; }

    /// <summary>Whether messages are printed.</summary>
    public bool Verbose { get; }

    /// <summary>The optimizer whose rate it sets, by name; null for every optimizer of the run.</summary>
    public string? Optimizer { get; }

    /// <summary>Starts a run, after checking that the optimizer's rates can be set.</summary>
    /// <exception cref="TrainingConfigurationException">The optimizer has no parameter groups whose rate keeps a value set.</exception>
    public void OnTrainBegin(TrainingSession session)
    {
        session.RequireSettableLearningRate(Description, Optimizer);
        _session = session;
        _groups = session.ParameterGroupsOf(Optimizer);
    }

    /// <summary>Sets the rates of the session's optimizer (or optimizers) for <paramref name="epoch"/>.</summary>
    public void OnEpochBegin(int epoch)
    {
        if (_session is null) throw new InvalidOperationException($"{Description}: call OnTrainBegin first.");
        SetRates(epoch, _groups);
    }

    /// <summary>Sets the rate of every parameter group for <paramref name="epoch"/>; returns the first group's new rate.</summary>
    /// <exception cref="InvalidOperationException">The schedule returned NaN, an infinity or a negative rate.</exception>
    public double SetRates(int epoch, ReadOnlySpan<ILearningRateController> parameterGroups)
    {
        var first = double.NaN;
        foreach (var group in parameterGroups)
        {
            var rate = _schedule(epoch, group.LearningRate);
            if (double.IsNaN(rate) || double.IsInfinity(rate) || rate < 0)
                throw new InvalidOperationException(
                    $"The learning-rate schedule '{Name}' returned {Formatting.PythonFormat.Repr(rate)} for epoch {epoch} (0-based); a learning rate must be a finite number ≥ 0. Fix the schedule method.");
            group.LearningRate = rate;
            if (double.IsNaN(first)) first = rate;
        }

        if (Verbose) (_session?.Output ?? TextWriter.Null).WriteLine(FormattableString.Invariant($"Epoch {epoch + 1}: LearningRateScheduler setting learning rate to {Formatting.PythonFormat.Repr(first)}."));
        return first;
    }
}
