using System;
using System.IO;
using Declarative.Training;

namespace Declarative.Callbacks;

/// <summary>
/// A linear warmup, then a cosine decay (Keras's <c>CosineDecay</c> with <c>warmup_steps</c>): see
/// <see cref="WarmupCosineScheduleAttribute"/> for the formula. Each parameter group peaks at its own initial rate, unless
/// the settings give the peak.
/// </summary>
/// <remarks>
/// The rate is a function of the position alone (<see cref="RateAt"/>): a resumed run computes the rate of the position
/// its backup kept. The length of the schedule is fixed at train begin (given, or the run's) and kept in backups, so a
/// run resumed with more epochs goes on along the curve it began, as Lightning's saved schedulers do.
/// </remarks>
public sealed class WarmupCosineSchedule : LearningRateSchedule
{
    private double[] _peaks = [];

    /// <summary>Creates the callback.</summary>
    /// <param name="settings">Its settings, as the attribute takes them.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public WarmupCosineSchedule(WarmupCosineScheduleAttribute settings)
        : base(CallbackSettings.Checked(settings), SettingsText.Describe(settings))
    {
        WarmupSteps = settings.WarmupSteps;
        TotalSteps = settings.TotalSteps;
        PeakLearningRate = settings.PeakLearningRate;
        WarmupStartFactor = settings.WarmupStartFactor;
        FinalLearningRate = settings.FinalLearningRate;
        Length = settings.TotalSteps;
    }

    /// <summary>Steps of warmup.</summary>
    public int WarmupSteps { get; }

    /// <summary>The schedule's steps as declared; 0 for the run's.</summary>
    public int TotalSteps { get; }

    /// <summary>The peak rate, or NaN for each group's initial rate.</summary>
    public double PeakLearningRate { get; }

    /// <summary>Where the warmup starts, as a fraction of the peak.</summary>
    public double WarmupStartFactor { get; }

    /// <summary>The rate the cosine ends at.</summary>
    public double FinalLearningRate { get; }

    /// <summary>The schedule's steps: <see cref="TotalSteps"/>, or the run's once training began (0 until then).</summary>
    public long Length { get; private set; }

    /// <summary>The rate for <paramref name="position"/> (the rate the optimizer step of that number uses), for a group peaking at <paramref name="peak"/>.</summary>
    /// <exception cref="InvalidOperationException">The length is the run's, and training has not begun.</exception>
    public double RateAt(long position, double peak)
    {
        if (Length == 0) throw new InvalidOperationException($"{Description} spans the run, whose length is known once training begins: call OnTrainBegin first.");
        if (position < WarmupSteps) return peak * (WarmupStartFactor + ((1 - WarmupStartFactor) * position / WarmupSteps));
        if (position >= Length) return FinalLearningRate;
        var progress = (double)(position - WarmupSteps) / (Length - WarmupSteps);
        return FinalLearningRate + ((peak - FinalLearningRate) * (1 + Math.Cos(Math.PI * progress)) / 2);
    }

    private protected override void Start()
    {
        Length = RunLength(TotalSteps, nameof(TotalSteps));
        if (WarmupSteps >= Length)
        {
            throw new TrainingConfigurationException(
                $"{Description} warms up for {WarmupSteps} {Unit}, but the run has {Length}: the warmup must end before the schedule does. Lower WarmupSteps, or give TotalSteps.");
        }

        TakePeaks();
        Apply(0);
    }

    private protected override void Advance(long from, long to) => Apply(to);

    // The peaks come from the optimizer's initial rates, which a backup's optimizer state holds too.
    private protected override void Resume()
    {
        TakePeaks();
        Apply(Position);
    }

    private protected override void SaveSchedule(BinaryWriter writer) => writer.Write(Length);

    private protected override void LoadSchedule(BinaryReader reader) => Length = reader.ReadInt64();

    private void TakePeaks()
    {
        _peaks = new double[Groups.Length];
        for (var i = 0; i < _peaks.Length; i++)
        {
            _peaks[i] = double.IsNaN(PeakLearningRate) ? Groups[i].InitialLearningRate : PeakLearningRate;
            if (FinalLearningRate > _peaks[i])
            {
                throw new TrainingConfigurationException(
                    $"{Description} decays to FinalLearningRate = {SettingsText.Literal(FinalLearningRate)}, above the optimizer's rate {SettingsText.Literal(_peaks[i])}, where it peaks: the cosine would rise. Lower FinalLearningRate, or give PeakLearningRate.");
            }
        }
    }

    private void Apply(long position)
    {
        var groups = Groups;
        for (var i = 0; i < groups.Length; i++) groups[i].LearningRate = RateAt(position, _peaks[i]);
    }
}
