using System;
using System.IO;
using static TorchSharp.torch.optim;

namespace Declarative.Callbacks;

/// <summary>
/// Keras's <c>LearningRateScheduler</c>: at the beginning of every epoch, sets each parameter group's learning rate
/// to <c>schedule(epoch, currentRate)</c>. Usable from a hand-written loop.
/// </summary>
/// <remarks>
/// The epoch passed to the schedule is the 0-based absolute epoch. A schedule that returns NaN, an infinity or a
/// negative number is an error that names the epoch, instead of silently corrupting training.
/// Rates are read and written through <see cref="Optimizer.ParamGroups"/>, the path TorchSharp's own schedulers use.
/// </remarks>
public sealed class LearningRateScheduler
{
    private readonly Func<int, double, double> _schedule;
    private TextWriter _output = TextWriter.Null;

    /// <summary>Creates the callback's logic.</summary>
    /// <param name="schedule">Maps (0-based epoch, current rate) to the rate for that epoch.</param>
    /// <param name="name">The schedule's name, for messages.</param>
    /// <param name="verbose">Print the rate set at each epoch.</param>
    public LearningRateScheduler(Func<int, double, double> schedule, string name = "schedule", bool verbose = false)
    {
        _schedule = schedule ?? throw new ArgumentNullException(nameof(schedule));
        Name = name;
        Verbose = verbose;
    }

    /// <summary>The schedule's name, for messages.</summary>
    public string Name { get; }

    /// <summary>Whether messages are printed.</summary>
    public bool Verbose { get; }

    /// <summary>Starts a run.</summary>
    /// <param name="output">Where verbose messages go (default: nowhere).</param>
    public void OnTrainBegin(TextWriter? output = null) => _output = output ?? TextWriter.Null;

    /// <summary>Sets the rate of every parameter group for <paramref name="epoch"/>; returns the first group's new rate.</summary>
    /// <exception cref="InvalidOperationException">The schedule returned NaN, an infinity or a negative rate.</exception>
    public double OnEpochBegin(int epoch, ReadOnlySpan<ILearningRateController> parameterGroups)
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

        if (Verbose) _output.WriteLine(FormattableString.Invariant($"Epoch {epoch + 1}: LearningRateScheduler setting learning rate to {Formatting.PythonFormat.Repr(first)}."));
        return first;
    }
}
