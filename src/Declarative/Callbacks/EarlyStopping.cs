using System;
using System.IO;
using Declarative.IO;

namespace Declarative.Callbacks;

/// <summary>What <see cref="EarlyStopping.OnEpochEnd"/> decided for one epoch.</summary>
/// <param name="Improved">The value improved on the best so far and is now the best.</param>
/// <param name="CaptureWeights">Copy the model's current weights as the ones to restore (only with restore-best-weights).</param>
/// <param name="StopTraining">Patience ran out: stop after this epoch.</param>
public readonly record struct EarlyStoppingDecision(bool Improved, bool CaptureWeights, bool StopTraining);

/// <summary>
/// Keras's <c>EarlyStopping</c> decisions, driven by one value per epoch; usable from a hand-written loop.
/// Pair it with a <see cref="WeightsSnapshot"/> to restore the best weights.
/// </summary>
/// <remarks>
/// Follows Keras 3: <c>Wait</c> is incremented before the test (patience 0 behaves like 1); an improving epoch
/// resets <c>Wait</c> only if it also beats the baseline, and never stops training; epoch 0 never stops training;
/// epochs before <c>startFromEpoch</c> are ignored; a snapshot is taken at the first monitored epoch so there is
/// always something to restore. Differs from Keras in that NaN never improves (see <see cref="ImprovementCheck"/>).
/// All per-run state is reset by <see cref="OnTrainBegin"/>, so reusing an instance across runs is safe.
/// </remarks>
public sealed class EarlyStopping
{
    private readonly ImprovementCheck _check;
    private TextWriter _output = TextWriter.Null;

    /// <summary>Creates the callback's logic.</summary>
    public EarlyStopping(
        MetricDirection direction,
        int patience = 0,
        double minDelta = 0,
        double? baseline = null,
        int startFromEpoch = 0,
        bool restoreBestWeights = false,
        bool verbose = false)
    {
        if (patience < 0) throw new ArgumentOutOfRangeException(nameof(patience), patience, "Patience cannot be negative.");
        if (startFromEpoch < 0) throw new ArgumentOutOfRangeException(nameof(startFromEpoch), startFromEpoch, "startFromEpoch cannot be negative.");
        _check = new ImprovementCheck(direction, minDelta);
        Patience = patience;
        Baseline = baseline;
        StartFromEpoch = startFromEpoch;
        RestoreBestWeights = restoreBestWeights;
        Verbose = verbose;
    }

    /// <summary>Epochs without improvement allowed before stopping.</summary>
    public int Patience { get; }

    /// <summary>The value that must be beaten for the wait counter to reset, if any.</summary>
    public double? Baseline { get; }

    /// <summary>The first monitored (0-based, absolute) epoch.</summary>
    public int StartFromEpoch { get; }

    /// <summary>Whether the best epoch's weights are to be restored at the end of training.</summary>
    public bool RestoreBestWeights { get; }

    /// <summary>Whether messages are printed.</summary>
    public bool Verbose { get; }

    /// <summary>The absolute minimum change that counts as an improvement.</summary>
    public double MinDelta => _check.MinDelta;

    /// <summary>Epochs since the last improvement that also beat the baseline.</summary>
    public int Wait { get; private set; }

    /// <summary>The 0-based epoch at whose end this callback stopped training; 0 when it did not (as in Keras).</summary>
    public int StoppedEpoch { get; private set; }

    /// <summary>The best value seen in this run, or null before the first monitored epoch.</summary>
    public double? Best { get; private set; }

    /// <summary>The 0-based epoch of <see cref="Best"/> (the epoch whose weights are restored).</summary>
    public int BestEpoch { get; private set; }

    /// <summary>Whether weights have been captured in this run (so there is something to restore).</summary>
    public bool HasCapturedWeights { get; private set; }

    /// <summary>Resets all per-run state; call at the start of every training run.</summary>
    /// <param name="output">Where verbose messages go (default: nowhere).</param>
    public void OnTrainBegin(TextWriter? output = null)
    {
        _output = output ?? TextWriter.Null;
        Wait = 0;
        StoppedEpoch = 0;
        Best = null;
        BestEpoch = 0;
        HasCapturedWeights = false;
    }

    /// <summary>Takes the decision for one epoch from the monitored value.</summary>
    /// <param name="epoch">The 0-based absolute epoch.</param>
    /// <param name="value">The monitored metric's value at the end of that epoch.</param>
    public EarlyStoppingDecision OnEpochEnd(int epoch, double value)
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
        if (_check.IsImprovement(value, Best))
        {
            Best = value;
            BestEpoch = epoch;
            if (Baseline is null || _check.IsImprovement(value, Baseline)) Wait = 0;
            return new EarlyStoppingDecision(Improved: true, CaptureWeights: RestoreBestWeights, StopTraining: false);
        }

        if (Wait >= Patience && epoch > 0)
        {
            StoppedEpoch = epoch;
            return new EarlyStoppingDecision(Improved: false, CaptureWeights: capture, StopTraining: true);
        }

        return new EarlyStoppingDecision(Improved: false, CaptureWeights: capture, StopTraining: false);
    }

    /// <summary>Ends the run; returns whether the captured best weights should be restored now.</summary>
    /// <param name="reason">Why training ended. Weights are restored after any graceful end, not after a failure.</param>
    public bool OnTrainEnd(TrainingEndReason reason)
    {
        if (StoppedEpoch > 0 && Verbose) _output.WriteLine($"Epoch {StoppedEpoch + 1}: early stopping");
        if (reason == TrainingEndReason.Failed || !RestoreBestWeights || !HasCapturedWeights) return false;
        if (Verbose) _output.WriteLine($"Restoring model weights from the end of the best epoch: {BestEpoch + 1}.");
        return true;
    }

    /// <summary>Writes the per-run state, for a backup.</summary>
    public void SaveState(BinaryWriter writer)
    {
        writer.Write(Wait);
        writer.Write(StoppedEpoch);
        writer.Write(Best);
        writer.Write(BestEpoch);
        writer.Write(HasCapturedWeights);
    }

    /// <summary>Reads back what <see cref="SaveState"/> wrote.</summary>
    public void LoadState(BinaryReader reader)
    {
        Wait = reader.ReadInt32();
        StoppedEpoch = reader.ReadInt32();
        Best = reader.ReadNullableDouble();
        BestEpoch = reader.ReadInt32();
        HasCapturedWeights = reader.ReadBoolean();
    }
}
