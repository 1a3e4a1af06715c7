using System;
using System.Globalization;
using System.IO;
using Declarative.Formatting;
using Declarative.Training;
using static TorchSharp.torch.optim;

namespace Declarative.Callbacks;

/// <summary>
/// A learning-rate schedule the run steps (as Keras's <c>LearningRateSchedule</c> is a function of the optimizer's
/// step): its position is the number of optimizer steps taken since training began (<see cref="ScheduleInterval.Step"/>,
/// a group of accumulated batches counting once), or of epochs begun after the first (<see cref="ScheduleInterval.Epoch"/>),
/// and the rates in the optimizer are the ones for that position. The base of <see cref="WarmupCosineSchedule"/>,
/// <see cref="OneCycleSchedule"/>, <see cref="LinearSchedule"/> and <see cref="TorchScheduler"/>.
/// </summary>
/// <remarks>
/// The rates for position 0 are set at train begin, before the first step; the next ones after each optimizer step (the
/// session's <c>OnOptimizerStep</c>), or at each epoch's beginning. The position is the schedule's state: a backup keeps
/// it, and a resumed run puts back the rates of its position, so they are exactly an uninterrupted run's.
/// </remarks>
public abstract class LearningRateSchedule : IOnTrainBegin, IOnEpochBegin, IOnOptimizerStep, IPersistentState
{
    private TrainingSession? _session;
    private ILearningRateController[] _groups = [];

    private protected LearningRateSchedule(ScheduleAttribute settings, string description)
    {
        Description = description;
        Interval = settings.Interval;
        Verbose = settings.Verbose;
        Optimizer = settings.Optimizer;
    }

    /// <summary>The callback's configuration, as its attribute would be written.</summary>
    public string Description { get; }

    /// <summary>What the schedule counts: optimizer steps or epochs.</summary>
    public ScheduleInterval Interval { get; }

    /// <summary>Whether the rate is printed at every epoch's beginning.</summary>
    public bool Verbose { get; }

    /// <summary>The optimizer whose rate it sets, by name; null for every optimizer of the run.</summary>
    public string? Optimizer { get; }

    /// <summary>The schedule's position: the optimizer steps taken in this run, or the epochs begun after its first; the rates set are its.</summary>
    public long Position { get; private set; }

    /// <summary>The run, once training began.</summary>
    private protected TrainingSession Session => _session ?? throw new InvalidOperationException($"{Description}: call OnTrainBegin first.");

    /// <summary>The parameter groups whose rates it sets.</summary>
    private protected ILearningRateController[] Groups => _groups;

    /// <summary>What <see cref="Position"/> counts, for messages: <c>optimizer steps</c> or <c>epochs</c>.</summary>
    private protected string Unit => Interval == ScheduleInterval.Step ? "optimizer steps" : "epochs";

    /// <summary>Starts the schedule at position 0, after checking that the optimizer's rates can be set.</summary>
    /// <exception cref="TrainingConfigurationException">The rates cannot be set, or the schedule does not fit the run (the message says how to fix it).</exception>
    public void OnTrainBegin(TrainingSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        session.RequireSettableLearningRate(Description, Optimizer);
        _session = session;
        _groups = session.ParameterGroupsOf(Optimizer);
        Position = 0;
        Start();
    }

    /// <summary>With <see cref="ScheduleInterval.Epoch"/>, sets the rates of the epoch; with <see cref="Verbose"/>, prints the rate.</summary>
    public void OnEpochBegin(int epoch)
    {
        var session = Session;
        if (Interval == ScheduleInterval.Epoch) MoveTo(epoch - session.InitialEpoch);
        if (Verbose && _groups.Length > 0)
        {
            var rate = PythonFormat.Repr(_groups[0].LearningRate);
            session.Output.WriteLine(Interval == ScheduleInterval.Epoch
                ? $"Epoch {epoch + 1}: {Name} setting learning rate to {rate}."
                : string.Create(CultureInfo.InvariantCulture, $"Epoch {epoch + 1}: {Name} learning rate is {rate} at optimizer step {Position}."));
        }
    }

    /// <summary>With <see cref="ScheduleInterval.Step"/>, sets the rates for the next step, after optimizer step <paramref name="step"/> (0-based, counted over the run).</summary>
    public void OnOptimizerStep(long step)
    {
        if (Interval == ScheduleInterval.Step) MoveTo(step + 1);
    }

    /// <summary>Writes the position (and what the schedule fixed at train begin), for a backup.</summary>
    public void SaveState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Position);
        SaveSchedule(writer);
    }

    /// <summary>Reads back what <see cref="SaveState"/> wrote, and puts back the rates of that position.</summary>
    public void LoadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        Position = reader.ReadInt64();
        LoadSchedule(reader);
        Resume();
    }

    /// <summary>The schedule's name, for messages (<c>WarmupCosineSchedule</c>).</summary>
    private protected string Name => SettingsText.Name(GetType().Name);

    /// <summary>Fixes what the run decides (its length), checks it, and sets the rates for position 0.</summary>
    private protected abstract void Start();

    /// <summary>Sets the rates for <paramref name="to"/>, from those of <paramref name="from"/> (one step or epoch before, but after a jump).</summary>
    private protected abstract void Advance(long from, long to);

    /// <summary>Puts back the rates for <see cref="Position"/> in a resumed run, whose optimizers hold the backup's state.</summary>
    private protected abstract void Resume();

    /// <summary>Writes what the schedule fixed at train begin.</summary>
    private protected virtual void SaveSchedule(BinaryWriter writer)
    {
    }

    /// <summary>Reads back what <see cref="SaveSchedule"/> wrote.</summary>
    private protected virtual void LoadSchedule(BinaryReader reader)
    {
    }

    /// <summary>
    /// The schedule's length in its own steps: <paramref name="given"/> when set, else the run's, its epochs or its
    /// epochs × optimizer steps per epoch (what Lightning's <c>estimated_stepping_batches</c> counts).
    /// </summary>
    /// <exception cref="TrainingConfigurationException">The run cannot know its optimizer steps (its data does not say how many batches an epoch has).</exception>
    private protected long RunLength(int given, string setting)
    {
        if (given > 0) return given;
        var session = Session;
        var epochs = Math.Max(session.Epochs - session.InitialEpoch, 0);
        if (Interval == ScheduleInterval.Epoch) return epochs;
        if (session.OptimizerStepsPerEpoch is long perEpoch) return epochs * perEpoch;
        throw new TrainingConfigurationException(
            $"{Description} spans the run's optimizer steps, but this run cannot count them: its training data does not say how many batches an epoch has. " +
            $"Give {setting} = (the optimizer steps of the run), or tell the run its batches per epoch (Fit's stepsPerEpoch, or CreateDriver's batchesPerEpoch).");
    }

    private void MoveTo(long position)
    {
        if (position <= Position) return;
        Advance(Position, position);
        Position = position;
    }
}
