using System;
using System.IO;
using Declarative.Training;

namespace Declarative.Callbacks;

/// <summary>
/// Lightning's <c>EMAWeightAveraging</c> (Keras's <c>use_ema</c> with <c>SwapEMAWeights</c>): an exponential moving
/// average of the model's weights, updated after optimizer steps, swapped in for every pass outside training
/// (validation, <c>Evaluate</c>, <c>Predict</c>) and back after it, and put into the model at the end of training.
/// </summary>
/// <remarks>
/// <para>Swaps happen only between a pass's begin and end hooks, which the loop pairs however the pass ends, so an
/// epoch's end, a checkpoint, a backup or an interruption never sees the averaged weights in the model: backups and
/// checkpoints hold the model's own weights in its section and the averaged ones in this callback's
/// <c>:weights</c> section (<see cref="IPersistentWeights"/>).</para>
/// <para>Nothing is swapped before the first update (Lightning #21724): until then passes measure the model's own
/// weights. <see cref="OnTrainBegin"/> starts a fresh average.</para>
/// </remarks>
public sealed class EMAWeightAveraging : IOnTrainBegin, IOnOptimizerStep, IOnPassBegin, IOnPassEnd, IOnTrainEnd, IKeepsWeightAverage, IDisposable
{
    private readonly WeightAverage _average;
    private TrainingSession? _session;

    /// <summary>Creates the callback.</summary>
    /// <param name="settings">Its settings, as the attribute takes them; the defaults when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public EMAWeightAveraging(EMAWeightAveragingAttribute? settings = null)
    {
        settings ??= new();
        CallbackSettings.Check(settings);
        Description = SettingsText.Describe(settings);
        Decay = settings.Decay;
        UpdateEverySteps = settings.UpdateEverySteps;
        StartStep = settings.StartStep;
        StartEpoch = settings.StartEpoch;
        EndWithAveragedWeights = settings.EndWithAveragedWeights;
        _average = WeightAverage.Exponential(Decay);
    }

    /// <summary>The callback's configuration, as its attribute would be written.</summary>
    public string Description { get; }

    /// <summary>How much of the average each update keeps.</summary>
    public double Decay { get; }

    /// <summary>The average is updated on optimizer steps whose 0-based count is a multiple of this.</summary>
    public int UpdateEverySteps { get; }

    /// <summary>The first optimizer step that may update the average.</summary>
    public long StartStep { get; }

    /// <summary>The first epoch whose steps may update the average.</summary>
    public int StartEpoch { get; }

    /// <summary>Whether the model ends training holding the averaged weights.</summary>
    public bool EndWithAveragedWeights { get; }

    /// <summary>The average (its <see cref="WeightAverage.Count"/> of updates, its weights).</summary>
    public WeightAverage Average => _average;

    /// <summary>Whether the model holds the averaged weights for good (after a run that ended with them); passes then swap nothing.</summary>
    public bool ModelHoldsAverage { get; private set; }

    /// <summary>Starts a fresh average of the session's model.</summary>
    public void OnTrainBegin(TrainingSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        _session = session;
        _average.Attach(session.Model);
        ModelHoldsAverage = false;
    }

    /// <summary>Updates the average when the step is due (<see cref="ShouldUpdate"/>).</summary>
    public void OnOptimizerStep(long step)
    {
        var session = _session ?? throw new InvalidOperationException($"{Description}: call OnTrainBegin first.");
        if (ShouldUpdate(step, session.Epoch)) _average.Update();
    }

    /// <summary>
    /// Whether the average is updated after optimizer step <paramref name="step"/> (0-based over the run) of epoch
    /// <paramref name="epoch"/>: from <see cref="StartStep"/> and <see cref="StartEpoch"/> on, on every
    /// <see cref="UpdateEverySteps"/>-th step (a step whose count is a multiple of it, as Lightning counts).
    /// </summary>
    public bool ShouldUpdate(long step, int epoch) => step >= StartStep && epoch >= StartEpoch && step % UpdateEverySteps == 0;

    /// <summary>Swaps the averaged weights in for the pass, once there are some and unless the model holds them already.</summary>
    public void OnPassBegin()
    {
        if (ModelHoldsAverage || _average.Count == 0 || _average.IsSwappedIn) return;
        _average.SwapIn();
    }

    /// <summary>Puts the model's own weights back, exactly, if the pass swapped the average in.</summary>
    public void OnPassEnd() => _average.SwapOut();

    /// <summary>
    /// With <see cref="EndWithAveragedWeights"/>, puts the averaged weights into the model after a run that completed or
    /// that a callback stopped (not after a cancellation or a failure: the model keeps its own, which a backup resumes).
    /// </summary>
    public void OnTrainEnd(TrainingEnd end)
    {
        if (_session is null) return;
        _session = null;
        if (!EndWithAveragedWeights || !WeightAverage.EndsWithAverage(end.Reason)) return;
        ModelHoldsAverage = _average.CopyToModule();
    }

    /// <summary>Writes the count of updates, for a backup (the weights go in the <c>:weights</c> section).</summary>
    public void SaveState(BinaryWriter writer) => _average.SaveState(writer);

    /// <summary>Reads back what <see cref="SaveState"/> wrote (after <see cref="OnTrainBegin"/>).</summary>
    public void LoadState(BinaryReader reader) => _average.LoadState(reader);

    /// <summary>Writes the averaged weights (nothing before the first update), as <c>Module.save</c> writes them.</summary>
    public void SaveWeights(BinaryWriter writer) => _average.SaveWeights(writer);

    /// <summary>Reads back what <see cref="SaveWeights"/> wrote.</summary>
    public void LoadWeights(BinaryReader reader) => _average.LoadWeights(reader);

    /// <summary>Frees the averaged weights.</summary>
    public void Dispose() => _average.Dispose();
}
