using System;
using System.IO;
using Declarative.IO;
using Declarative.Metrics;
using Declarative.Training;

namespace Declarative.Callbacks;

/// <summary>What <see cref="EarlyStopping{TLogs}.Decide"/> decided for one epoch.</summary>
/// <param name="Improved">The value improved on the best so far and is now the best.</param>
/// <param name="CaptureWeights">Copy the model's current weights as the ones to restore (only with restore-best-weights).</param>
/// <param name="Stop">Why to stop after this epoch, or <see cref="EarlyStoppingReason.NotStopped"/>.</param>
public readonly record struct EarlyStoppingDecision(bool Improved, bool CaptureWeights, EarlyStoppingReason Stop)
{
    /// <summary>Whether to stop after this epoch.</summary>
    public bool StopTraining => Stop != EarlyStoppingReason.NotStopped;
}

/// <summary>
/// Keras's <c>EarlyStopping</c>: stops training when the monitored value has stopped improving, and with
/// <c>RestoreBestWeights</c> puts the best epoch's weights back when training ends.
/// </summary>
/// <remarks>
/// Follows Keras 3: <c>Wait</c> is incremented before the test (patience 0 behaves like 1); an improving epoch
/// resets <c>Wait</c> only if it also beats the baseline, and never stops training; epoch 0 never stops training;
/// epochs before <c>StartFromEpoch</c> are ignored; a snapshot is taken at the first monitored epoch so there is
/// always something to restore. Differs from Keras in that NaN never improves (see <see cref="ImprovementCheck"/>).
/// Lightning's thresholds and finiteness check stop at once, at any monitored epoch (epoch 0 too), after the value
/// has been taken as the best if it is; the first that applies names the reason: non-finite, then the stopping
/// threshold, then the divergence threshold, then patience.
/// All per-run state is reset by <see cref="OnTrainBegin"/>, so reusing an instance across runs is safe.
/// </remarks>
/// <typeparam name="TLogs">The model's logs type.</typeparam>
public sealed class EarlyStopping<TLogs> : IOnTrainBegin, IOnEpochEnd<TLogs>, IOnTrainEnd, IPersistentState, IDisposable
    where TLogs : struct, ITrainingLogs<TLogs>
{
    private readonly Monitor<TLogs> _monitor;
    private readonly ImprovementCheck _check;
    private readonly WeightsSnapshot _bestWeights = new();
    private TrainingSession? _session;

    /// <summary>Creates the callback.</summary>
    /// <param name="monitor">The value it watches (<c>NetLogs.Monitors.ValLoss</c>).</param>
    /// <param name="settings">Its settings, as the attribute takes them (without <c>Monitor</c>: <paramref name="monitor"/> says it); the defaults when null.</param>
    /// <exception cref="ArgumentException">A setting is out of range, the settings name another monitor, or the direction of the monitored value is unknown.</exception>
    public EarlyStopping(Monitor<TLogs> monitor, EarlyStoppingAttribute? settings = null)
    {
        settings = CallbackSettings.Monitoring(settings ?? new(), monitor);
        _monitor = monitor;
        _check = new ImprovementCheck(CallbackSettings.Direction(settings, monitor), settings.MinDelta);
        Description = SettingsText.Describe(settings);
        Patience = settings.Patience;
        Baseline = double.IsNaN(settings.Baseline) ? null : settings.Baseline;
        StartFromEpoch = settings.StartFromEpoch;
        RestoreBestWeights = settings.RestoreBestWeights;
        Verbose = settings.Verbose;
        StoppingThreshold = double.IsNaN(settings.StoppingThreshold) ? null : settings.StoppingThreshold;
        DivergenceThreshold = double.IsNaN(settings.DivergenceThreshold) ? null : settings.DivergenceThreshold;
        CheckFinite = settings.CheckFinite;
        if (settings.ThresholdOrder(Direction) is { } problem) throw new ArgumentException($"[EarlyStopping]: {problem}.", nameof(settings));
    }

    /// <summary>The callback's configuration, as its attribute would be written (in messages and <see cref="TrainingEnd.StoppedBy"/>).</summary>
    public string Description { get; }

    /// <summary>The monitored value's name.</summary>
    public string Monitor => _monitor.Name;

    /// <summary>Epochs without improvement allowed before stopping.</summary>
    public int Patience { get; }

    /// <summary>The value that must be beaten for the wait counter to reset, if any.</summary>
    public double? Baseline { get; }

    /// <summary>The first monitored (0-based, absolute) epoch.</summary>
    public int StartFromEpoch { get; }

    /// <summary>Whether the best epoch's weights are restored at the end of training.</summary>
    public bool RestoreBestWeights { get; }

    /// <summary>Whether messages are printed.</summary>
    public bool Verbose { get; }

    /// <summary>The value past which the goal is reached and training stops at once, if any.</summary>
    public double? StoppingThreshold { get; }

    /// <summary>The value past which the run has diverged and training stops at once, if any.</summary>
    public double? DivergenceThreshold { get; }

    /// <summary>Whether a NaN or infinite value stops training at once.</summary>
    public bool CheckFinite { get; }

    /// <summary>The absolute minimum change that counts as an improvement.</summary>
    public double MinDelta => _check.MinDelta;

    /// <summary>Whether smaller or larger is better.</summary>
    public MetricDirection Direction => _check.Direction;

    /// <summary>Epochs since the last improvement that also beat the baseline.</summary>
    public int Wait { get; private set; }

    /// <summary>The 0-based epoch at whose end this callback stopped training; 0 when it did not (as in Keras).</summary>
    public int StoppedEpoch { get; private set; }

    /// <summary>Why this callback stopped training in this run, or <see cref="EarlyStoppingReason.NotStopped"/>.</summary>
    public EarlyStoppingReason StopReason { get; private set; }

    /// <summary>The best value seen in this run, or null before the first monitored epoch.</summary>
    public double? Best { get; private set; }

    /// <summary>The 0-based epoch of <see cref="Best"/> (the epoch whose weights are restored), or null before the first monitored epoch (Keras reads 0 there).</summary>
    public int? BestEpoch { get; private set; }

    /// <summary>Whether weights have been captured in this run (so there is something to restore).</summary>
    public bool HasCapturedWeights { get; private set; }

    private TrainingSession Session => _session ?? throw new InvalidOperationException($"{Description}: call OnTrainBegin first.");

    /// <summary>Resets all per-run state, after checking that the monitored value will exist.</summary>
    /// <exception cref="TrainingConfigurationException">It monitors a <c>val_*</c> value and the run has no validation data.</exception>
    public void OnTrainBegin(TrainingSession session)
    {
        if (_monitor.IsValidation) session.RequireValidationData(Description, _monitor.Name);
        _session = session;
        Wait = 0;
        StoppedEpoch = 0;
        StopReason = EarlyStoppingReason.NotStopped;
        Best = null;
        BestEpoch = null;
        HasCapturedWeights = false;
        _bestWeights.Clear();
    }

    /// <summary>Decides, copies the weights when they are the best so far, and asks the run to stop when patience ran out.</summary>
    public void OnEpochEnd(int epoch, in TLogs logs)
    {
        // An epoch without the value (no validation that epoch: validationFrequency) is not counted, as in Keras:
        // patience counts the epochs that have it.
        if (_monitor.Read(in logs) is not double value) return;
        var decision = Decide(epoch, value);
        if (decision.CaptureWeights) _bestWeights.Capture(Session.Model);
        if (decision.StopTraining)
            Session.RequestStop(Description, decision.Stop is EarlyStoppingReason.Diverged or EarlyStoppingReason.NotFinite ? TrainingEndReason.Diverged : TrainingEndReason.Stopped);
    }

    /// <summary>The decision for one epoch from the monitored value, updating the counters (what <see cref="OnEpochEnd"/> acts on).</summary>
    /// <param name="epoch">The 0-based absolute epoch.</param>
    /// <param name="value">The monitored value at the end of that epoch.</param>
    public EarlyStoppingDecision Decide(int epoch, double value)
    {
        if (epoch < StartFromEpoch) return default;

        var capture = false;
        if (RestoreBestWeights && !HasCapturedWeights)
        {
            capture = true;
            HasCapturedWeights = true;
            BestEpoch = epoch;
        }

        Wait++;
        var improved = _check.IsImprovement(value, Best);
        if (improved)
        {
            Best = value;
            BestEpoch = epoch;
            if (Baseline is null || _check.IsImprovement(value, Baseline)) Wait = 0;
            capture = RestoreBestWeights;
        }

        var stop = Stop(epoch, value, improved);
        if (stop != EarlyStoppingReason.NotStopped)
        {
            StoppedEpoch = epoch;
            StopReason = stop;
        }

        return new EarlyStoppingDecision(improved, capture, stop);
    }

    // Lightning's order: a non-finite value, then the thresholds (at any epoch), then Keras's patience (never at
    // epoch 0, never on an improving epoch).
    private EarlyStoppingReason Stop(int epoch, double value, bool improved)
    {
        var smaller = Direction == MetricDirection.Minimize;
        if (CheckFinite && !double.IsFinite(value)) return EarlyStoppingReason.NotFinite;
        if (StoppingThreshold is double goal && (smaller ? value < goal : value > goal)) return EarlyStoppingReason.ThresholdReached;
        if (DivergenceThreshold is double limit && (smaller ? value > limit : value < limit)) return EarlyStoppingReason.Diverged;
        return !improved && Wait >= Patience && epoch > 0 ? EarlyStoppingReason.PatienceExhausted : EarlyStoppingReason.NotStopped;
    }

    /// <summary>Why it stopped, in words (for the message at train end).</summary>
    public string Explain() => StopReason switch
    {
        EarlyStoppingReason.PatienceExhausted => $"{Monitor} did not improve on {Formatting.PythonFormat.Repr(Best ?? double.NaN)} for {Wait} epochs",
        EarlyStoppingReason.ThresholdReached => $"{Monitor} reached the stopping threshold {Formatting.PythonFormat.Repr(StoppingThreshold ?? double.NaN)}",
        EarlyStoppingReason.Diverged => $"{Monitor} passed the divergence threshold {Formatting.PythonFormat.Repr(DivergenceThreshold ?? double.NaN)}",
        EarlyStoppingReason.NotFinite => $"{Monitor} was not finite",
        _ => "it did not stop training",
    };

    /// <summary>Reports the stop and restores the best epoch's weights, after any graceful end (not after a failure).</summary>
    public void OnTrainEnd(TrainingEnd end)
    {
        // A run that failed before this callback began (another one's train-begin check) is not this callback's run.
        if (_session is not { } session) return;
        _session = null;
        // Keras's line for patience; Lightning's stops say which rule stopped the run.
        if (StopReason == EarlyStoppingReason.PatienceExhausted && Verbose) session.Output.WriteLine($"Epoch {StoppedEpoch + 1}: early stopping");
        else if (StopReason != EarlyStoppingReason.NotStopped && Verbose) session.Output.WriteLine($"Epoch {StoppedEpoch + 1}: early stopping: {Explain()}.");
        if (!WillRestore(end.Reason)) return;
        if (Verbose)
        {
            // Keras's words, then which epoch that is in both countings: the progress lines' (from 1) and the API's (from 0).
            var best = BestEpoch ?? 0;
            var which = $"{best + 1} (shown as \"Epoch {best + 1}/{session.Epochs}\"; BestEpoch = {best}, counted from 0)";
            session.Output.WriteLine(end.Reason == TrainingEndReason.Cancelled
                ? $"Training was cancelled. The model in memory now holds the weights from the end of the best epoch: {which}; " +
                  (session.BackupFolder is { } backups ? $"the backup in {backups} keeps the latest state to resume from." : "the latest state is not kept (with [BackupAndRestore], a backup would keep it to resume from).")
                : $"Restoring model weights from the end of the best epoch: {which}.");
        }

        _bestWeights.Restore(session.Model);
    }

    /// <summary>Whether a run that ends for <paramref name="reason"/> now ends with the best epoch's weights.</summary>
    public bool WillRestore(TrainingEndReason reason) => reason != TrainingEndReason.Failed && RestoreBestWeights && HasCapturedWeights;

    /// <summary>Writes the per-run state, the best weights included, for a backup.</summary>
    public void SaveState(BinaryWriter writer)
    {
        writer.Write(Wait);
        writer.Write(StoppedEpoch);
        writer.Write(Best);
        writer.Write(BestEpoch ?? -1);
        writer.Write(HasCapturedWeights);
        writer.Write((byte)StopReason);
        if (RestoreBestWeights) _bestWeights.SaveState(writer);
    }

    /// <summary>Reads back what <see cref="SaveState"/> wrote (after <see cref="OnTrainBegin"/>).</summary>
    public void LoadState(BinaryReader reader)
    {
        Wait = reader.ReadInt32();
        StoppedEpoch = reader.ReadInt32();
        Best = reader.ReadNullableDouble();
        BestEpoch = reader.ReadInt32() is >= 0 and var epoch ? epoch : null;
        HasCapturedWeights = reader.ReadBoolean();
        StopReason = (EarlyStoppingReason)reader.ReadByte();
        if (RestoreBestWeights) _bestWeights.LoadState(reader, Session.Model);
    }

    /// <summary>Frees the copy of the best weights.</summary>
    public void Dispose() => _bestWeights.Dispose();
}
