using System;
using System.IO;
using static TorchSharp.torch.optim;
using Declarative.IO;

namespace Declarative.Callbacks;

/// <summary>
/// Keras's <c>ReduceLROnPlateau</c>: multiplies the learning rate by a factor when the monitored metric has stopped
/// improving, then waits a cooldown. Usable from a hand-written loop.
/// </summary>
/// <remarks>
/// Follows Keras 3: in cooldown, the counter is decremented and the wait reset; an improvement resets the wait; otherwise,
/// once out of cooldown (checked after the decrement), the wait is incremented first and the rate reduced when it reaches
/// the patience (so 0 behaves like 1), to <c>max(rate × factor, minLearningRate)</c>, for every parameter group above the
/// minimum; a reduction starts the cooldown and resets the wait. At the minimum nothing is reduced, the wait is not reset
/// and no cooldown starts. The logged <c>learning_rate</c> is the rate used during the epoch, before any reduction.
/// Differs from Keras in comparing in double (no float32 rounding of the rate) and in rejecting a factor ≤ 0.
/// </remarks>
public sealed class ReduceLROnPlateau
{
    private readonly ImprovementCheck _check;
    private TextWriter _output = TextWriter.Null;

    /// <summary>Creates the callback's logic.</summary>
    public ReduceLROnPlateau(
        MetricDirection direction,
        double factor = 0.1,
        int patience = 10,
        double minDelta = 1e-4,
        int cooldown = 0,
        double minLearningRate = 0,
        bool verbose = false)
    {
        if (!(factor > 0 && factor < 1)) throw new ArgumentOutOfRangeException(nameof(factor), factor, "The factor must be between 0 and 1 (exclusive): the new rate is rate × factor.");
        if (patience < 0) throw new ArgumentOutOfRangeException(nameof(patience), patience, "Patience cannot be negative.");
        if (cooldown < 0) throw new ArgumentOutOfRangeException(nameof(cooldown), cooldown, "Cooldown cannot be negative.");
        if (!(minLearningRate >= 0) || double.IsInfinity(minLearningRate)) throw new ArgumentOutOfRangeException(nameof(minLearningRate), minLearningRate, "The minimum learning rate must be a finite number ≥ 0.");
        _check = new ImprovementCheck(direction, minDelta);
        Factor = factor;
        Patience = patience;
        Cooldown = cooldown;
        MinLearningRate = minLearningRate;
        Verbose = verbose;
    }

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

    /// <summary>The best value seen in this run.</summary>
    public double? Best { get; private set; }

    /// <summary>Epochs without improvement, outside cooldown.</summary>
    public int Wait { get; private set; }

    /// <summary>Epochs of cooldown left.</summary>
    public int CooldownCounter { get; private set; }

    /// <summary>Resets all per-run state; call at the start of every training run.</summary>
    /// <param name="output">Where verbose messages go (default: nowhere).</param>
    public void OnTrainBegin(TextWriter? output = null)
    {
        _output = output ?? TextWriter.Null;
        Best = null;
        Wait = 0;
        CooldownCounter = 0;
    }

    /// <summary>Takes the decision for one epoch; returns whether any parameter group's rate was reduced.</summary>
    /// <param name="epoch">The 0-based epoch (for messages).</param>
    /// <param name="value">The monitored value at the end of the epoch.</param>
    /// <param name="parameterGroups">The optimizer's parameter groups, whose rates are reduced.</param>
    public bool OnEpochEnd(int epoch, double value, ReadOnlySpan<ILearningRateController> parameterGroups)
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
            if (Verbose) _output.WriteLine($"Epoch {epoch + 1}: ReduceLROnPlateau reducing learning rate to {Formatting.PythonFormat.Repr(rate)}.");
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
