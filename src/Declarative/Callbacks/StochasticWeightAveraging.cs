using System;
using System.IO;
using System.Linq;
using Declarative.Training;
using static TorchSharp.torch.optim;

namespace Declarative.Callbacks;

/// <summary>
/// Lightning's <c>StochasticWeightAveraging</c> (PyTorch's <c>AveragedModel</c>, <c>SWALR</c> and <c>update_bn</c>):
/// from its start epoch, anneals every parameter group's learning rate to its own, averages the weights at the end of
/// each epoch, and at the end of training puts the average into the model and recomputes its batch-norm statistics
/// over one epoch of the training data.
/// </summary>
/// <remarks>
/// <para>The rate of epoch <c>start + k</c> is <c>r₀ + (LearningRate − r₀) × f(min(1, k / AnnealingEpochs))</c>, where
/// <c>r₀</c> is the group's rate when the start epoch begins (after any other learning-rate callback set it) and
/// <c>f</c> is <c>(1 − cos πt) / 2</c> or <c>t</c>; with no annealing epochs, <c>LearningRate</c> from the start.
/// This is what <c>SWALR</c> gives when it is stepped once per epoch.</para>
/// <para>Unlike Lightning, which averages the weights as each averaging epoch begins (so the last epoch's training is
/// left out, and the epoch before the start is in), the weights are averaged at the end of each epoch from the start
/// epoch on. Validation measures the model's own weights, as in Lightning.</para>
/// </remarks>
public sealed class StochasticWeightAveraging : IOnTrainBegin, IOnEpochBegin, IOnEpochEnd, IOnTrainEnd, IKeepsWeightAverage, IDisposable
{
    private readonly WeightAverage _average = WeightAverage.Equal();
    private TrainingSession? _session;
    private ILearningRateController[] _groups = [];
    private double[]? _startRates;

    /// <summary>Creates the callback.</summary>
    /// <param name="settings">Its settings, as the attribute takes them.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public StochasticWeightAveraging(StochasticWeightAveragingAttribute settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        CallbackSettings.Check(settings);
        Description = SettingsText.Describe(settings);
        LearningRate = settings.LearningRate;
        StartEpoch = settings.StartEpoch;
        AnnealingEpochs = settings.AnnealingEpochs;
        AnnealingStrategy = settings.AnnealingStrategy;
    }

    /// <summary>The callback's configuration, as its attribute would be written.</summary>
    public string Description { get; }

    /// <summary>The learning rate of the averaging epochs, once annealed.</summary>
    public double LearningRate { get; }

    /// <summary>The first (0-based) epoch averaged, and annealed.</summary>
    public int StartEpoch { get; }

    /// <summary>The epochs the rate takes to reach <see cref="LearningRate"/>.</summary>
    public int AnnealingEpochs { get; }

    /// <summary>How the rate goes there.</summary>
    public AnnealingStrategy AnnealingStrategy { get; }

    /// <summary>The average (its <see cref="WeightAverage.Count"/> of epochs averaged, its weights).</summary>
    public WeightAverage Average => _average;

    /// <summary>Whether the end of the run put the average into the model (and recomputed its batch-norm statistics).</summary>
    public bool ModelHoldsAverage { get; private set; }

    /// <summary>
    /// Starts a fresh average of the session's model, after checking that the rates can be set and, for a model with
    /// batch-norm layers, that the run can go over its training data at the end (<see cref="TrainingSession.TrainingDataPass"/>).
    /// </summary>
    /// <exception cref="TrainingConfigurationException">The optimizer's rates cannot be set, or the model has batch-norm layers and the run cannot pass over its training data.</exception>
    public void OnTrainBegin(TrainingSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        session.RequireSettableLearningRate(Description);
        if (session.TrainingDataPass is null && BatchNormStatistics.Has(session.Model))
        {
            throw new TrainingConfigurationException(
                $"{Description} recomputes the batch-norm statistics of the averaged weights over the training data at the end of training, and this run cannot run the model over its training data: " +
                "the model's training step optimizes by hand, so give it a [ValidationStep] (Fit runs it over the training batches), or, in a loop of your own, set session.TrainingDataPass.");
        }

        _session = session;
        _groups = session.ParameterGroups;
        _startRates = null;
        _average.Attach(session.Model);
        ModelHoldsAverage = false;
    }

    /// <summary>From the start epoch on, sets every parameter group's rate for <paramref name="epoch"/> (<see cref="RateAt"/>).</summary>
    public void OnEpochBegin(int epoch)
    {
        if (_session is null) throw new InvalidOperationException($"{Description}: call OnTrainBegin first.");
        if (epoch < StartEpoch) return;
        _startRates ??= _groups.Select(g => g.LearningRate).ToArray();
        for (var i = 0; i < _groups.Length; i++) _groups[i].LearningRate = RateAt(epoch, _startRates[i]);
    }

    /// <summary>
    /// The learning rate of <paramref name="epoch"/> for a group whose rate was <paramref name="startRate"/> when the start
    /// epoch began: from there to <see cref="LearningRate"/> over <see cref="AnnealingEpochs"/> epochs, then that.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epoch"/> is before the start epoch.</exception>
    public double RateAt(int epoch, double startRate)
    {
        if (epoch < StartEpoch) throw new ArgumentOutOfRangeException(nameof(epoch), epoch, $"Epoch {epoch} is before the start epoch, {StartEpoch}.");
        var t = AnnealingEpochs == 0 ? 1.0 : Math.Min(1.0, (double)(epoch - StartEpoch) / AnnealingEpochs);
        var alpha = AnnealingStrategy == AnnealingStrategy.Cosine ? (1 - Math.Cos(Math.PI * t)) / 2 : t;
        return LearningRate * alpha + startRate * (1 - alpha);
    }

    /// <summary>From the start epoch on, adds the epoch's weights to the average.</summary>
    public void OnEpochEnd(int epoch)
    {
        if (_session is null) throw new InvalidOperationException($"{Description}: call OnTrainBegin first.");
        if (epoch >= StartEpoch) _average.Update();
    }

    /// <summary>
    /// After a run that completed or that a callback stopped (not a cancellation or a failure), puts the average into the
    /// model, then recomputes its batch-norm statistics over one epoch of the training data; nothing when no epoch was
    /// averaged (training ended before the start epoch).
    /// </summary>
    public void OnTrainEnd(TrainingEnd end)
    {
        if (_session is not { } session) return;
        _session = null;
        if (!WeightAverage.EndsWithAverage(end.Reason) || !_average.CopyToModule()) return;
        ModelHoldsAverage = true;
        if (session.TrainingDataPass is { } pass) BatchNormStatistics.Recompute(session.Model, pass);
    }

    /// <summary>Writes the per-run state (the rates the start epoch began with, the count of epochs averaged), for a backup.</summary>
    public void SaveState(BinaryWriter writer)
    {
        writer.Write(_startRates is not null);
        if (_startRates is not null)
        {
            writer.Write(_startRates.Length);
            foreach (var rate in _startRates) writer.Write(rate);
        }

        _average.SaveState(writer);
    }

    /// <summary>Reads back what <see cref="SaveState"/> wrote (after <see cref="OnTrainBegin"/>).</summary>
    public void LoadState(BinaryReader reader)
    {
        _startRates = null;
        if (reader.ReadBoolean())
        {
            var rates = new double[reader.ReadInt32()];
            for (var i = 0; i < rates.Length; i++) rates[i] = reader.ReadDouble();
            if (rates.Length != _groups.Length) throw new InvalidDataException($"The backup holds the start rates of {rates.Length} parameter groups, but the run's optimizers have {_groups.Length}.");
            _startRates = rates;
        }

        _average.LoadState(reader);
    }

    /// <summary>Writes the averaged weights (nothing before the first epoch averaged), as <c>Module.save</c> writes them.</summary>
    public void SaveWeights(BinaryWriter writer) => _average.SaveWeights(writer);

    /// <summary>Reads back what <see cref="SaveWeights"/> wrote.</summary>
    public void LoadWeights(BinaryReader reader) => _average.LoadWeights(reader);

    /// <summary>Frees the averaged weights.</summary>
    public void Dispose() => _average.Dispose();
}
