using System;
using System.IO;
using Declarative.IO;
using Declarative.Metrics;
using Declarative.Training;
using static TorchSharp.torch.optim;

namespace Declarative.Callbacks;

/// <summary>
/// Keras's <c>ReduceLROnPlateau</c>: multiplies the learning rate by a factor when the monitored value has stopped
/// improving, then waits a cooldown.
/// </summary>
/// <remarks>
/// Follows Keras 3: in cooldown, the counter is decremented and the wait reset; an improvement resets the wait; otherwise,
/// once out of cooldown (checked after the decrement), the wait is incremented first and the rate reduced when it reaches
/// the patience (so 0 behaves like 1), to <c>max(rate × factor, minLearningRate)</c>, for every parameter group above the
/// minimum; a reduction starts the cooldown and resets the wait. At the minimum nothing is reduced, the wait is not reset
/// and no cooldown starts. The logged <c>learning_rate</c> is the rate used during the epoch, before any reduction.
/// Differs from Keras in comparing in double (no float32 rounding of the rate) and in rejecting a factor ≤ 0.
/// </remarks>
/// <typeparam name="TLogs">The model's logs type.</typeparam>
public sealed class ReduceLROnPlateau<TLogs> : IOnTrainBegin, IOnEpochEnd<TLogs>, IPersistentState
    where TLogs : struct, ITrainingLogs<TLogs>
{
    private readonly Monitor<TLogs> _monitor;
    private readonly ImprovementCheck _check;
    private TrainingSession? _session;
    private ILearningRateController[] _groups = [];

    /// <summary>Creates the callback.</summary>
    /// <param name="monitor">The value it watches (<c>NetLogs.Monitors.ValLoss</c>).</param>
    /// <param name="settings">Its settings, as the attribute takes them (without <c>Monitor</c>: <paramref name="monitor"/> says it); the defaults when null.</param>
    /// <exception cref="ArgumentException">A setting is out of range, the settings name another monitor, or the direction of the monitored value is unknown.</exception>
    public ReduceLROnPlateau(Monitor<TLogs> monitor, ReduceLROnPlateauAttribute? settings = null)
    {
        settings = CallbackSettings.Monitoring(settings ?? new(), monitor);
        _monitor = monitor;
        _check = new ImprovementCheck(CallbackSettings.Direction(settings, monitor), settings.MinDelta);
        Description = SettingsText.Describe(settings);
        Factor = settings.Factor;
        Patience = settings.Patience;
        Cooldown = settings.Cooldown;
        MinLearningRate = settings.MinLearningRate;
        Verbose = settings.Verbose;
        Optimizer = settings.Optimizer;
    }

    /// <summary>The callback's configuration, as its attribute would be written.</summary>
    public string Description { get; }

    /// <summary>The monitored value's name.</summary>
    public string Monitor => _monitor.Name;

    /// <summary>The factor the rate is multiplied by.</summary>
    public double Factor { get; }

    /// <summary>Epochs without improvement allowed before a reduction.</summary>
    public int Patience { get; }

    /// <summary>Epochs after a reduction during which non-improvement is ignored.</summary>
    public int Cooldown { get; }

    /// <summary>The rate is never reduced below this.</summary>
    public double MinLearningRate { get; }

    /// <summary>The absolute minimum change that counts as an improvement.</summary>
    public double MinDelta => _check.MinDelta;

    /// <summary>Whether messages are printed.</summary>
    public bool Verbose { get; }

    /// <summary>The optimizer whose rate it reduces, by name; null for every optimizer of the run.</summary>
    public string? Optimizer { get; }

    /// <summary>The best value seen in this run.</summary>
    public double? Best { get; private set; }

    /// <summary>Epochs without improvement, outside cooldown.</summary>
    public int Wait { get; private set; }

    /// <summary>Epochs of cooldown left.</summary>
    public int CooldownCounter { get; private set; }

    /// <summary>Resets all per-run state, after checking that the monitored value will exist and that the rate can be set.</summary>
    /// <exception cref="TrainingConfigurationException">No validation data for a <c>val_*</c> monitor, or an optimizer whose rate cannot be set.</exception>
    public void OnTrainBegin(TrainingSession session)
    {
        if (_monitor.IsValidation) session.RequireValidationData(Description, _monitor.Name);
        session.RequireSettableLearningRate(Description, Optimizer);
        _session = session;
        _groups = session.ParameterGroupsOf(Optimizer);
        Best = null;
        Wait = 0;
        CooldownCounter = 0;
    }

    /// <summary>Reduces the rates of the session's optimizer when the monitored value has stopped improving.</summary>
    public void OnEpochEnd(int epoch, in TLogs logs)
    {
        if (_session is null) throw new InvalidOperationException($"{Description}: call OnTrainBegin first.");
        // An epoch without the value (no validation that epoch) counts toward neither patience nor cooldown, as in Keras.
        if (_monitor.Read(in logs) is double value) Step(epoch, value, _groups);
    }

    /// <summary>The decision for one epoch, applied to <paramref name="parameterGroups"/>; returns whether any rate was reduced.</summary>
    /// <param name="epoch">The 0-based epoch (for messages).</param>
    /// <param name="value">The monitored value at the end of the epoch.</param>
    /// <param name="parameterGroups">The optimizer's parameter groups, whose rates are reduced.</param>
    public bool Step(int epoch, double value, ReadOnlySpan<ILearningRateController> parameterGroups)
    {
        if (CooldownCounter > 0)
        {
            CooldownCounter--;
            Wait = 0;
        }

        if (_check.IsImprovement(value, Best))
        {
            Best = value;
            Wait = 0;
            return false;
        }

        if (CooldownCounter > 0) return false;
        Wait++;
        if (Wait < Patience) return false;

        var reduced = false;
        foreach (var group in parameterGroups)
        {
            var old = group.LearningRate;
            if (!(old > MinLearningRate)) continue;
            var rate = Math.Max(old * Factor, MinLearningRate);
            group.LearningRate = rate;
            reduced = true;
            if (Verbose) (_session?.Output ?? TextWriter.Null).WriteLine($"Epoch {epoch + 1}: ReduceLROnPlateau reducing learning rate to {Formatting.PythonFormat.Repr(rate)}.");
        }

        if (reduced)
        {
            CooldownCounter = Cooldown;
            Wait = 0;
        }

        return reduced;
    }

    /// <summary>Writes the per-run state, for a backup.</summary>
    public void SaveState(BinaryWriter writer)
    {
        writer.Write(Best);
        writer.Write(Wait);
        writer.Write(CooldownCounter);
    }

    /// <summary>Reads back what <see cref="SaveState"/> wrote.</summary>
    public void LoadState(BinaryReader reader)
    {
        Best = reader.ReadNullableDouble();
        Wait = reader.ReadInt32();
        CooldownCounter = reader.ReadInt32();
    }
}
