using System;
using System.IO;
using Declarative.Training;
using static TorchSharp.torch.optim;

namespace Declarative.Callbacks;

/// <summary>
/// PyTorch's <c>OneCycleLR</c>: see <see cref="OneCycleScheduleAttribute"/>. The momentum is cycled through the parameter
/// groups' <see cref="IMomentum"/> (SGD, RMSprop) or <see cref="IBetas"/> (Adam and its variants: β1), the path
/// TorchSharp's own <c>OneCycleLR</c> takes.
/// </summary>
/// <remarks>
/// The rate and momentum are functions of the position alone (<see cref="RateAt"/>, <see cref="MomentumAt"/>): a resumed
/// run computes those of the position its backup kept. The cycle's length is fixed at train begin and kept in backups.
/// Differs from PyTorch past the last step, where the values stay at the cycle's end (PyTorch raises), and in a phase of
/// no steps (a cycle shorter than its phases), whose end values are used (PyTorch computes NaN).
/// </remarks>
public sealed class OneCycleSchedule : LearningRateSchedule
{
    private Phase[] _phases = [];

    /// <summary>Creates the callback.</summary>
    /// <param name="settings">Its settings, as the attribute takes them.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public OneCycleSchedule(OneCycleScheduleAttribute settings)
        : base(CallbackSettings.Checked(settings), SettingsText.Describe(settings))
    {
        MaxLearningRate = settings.MaxLearningRate;
        TotalSteps = settings.TotalSteps;
        PctStart = settings.PctStart;
        Anneal = settings.Anneal;
        CycleMomentum = settings.CycleMomentum;
        BaseMomentum = settings.BaseMomentum;
        MaxMomentum = settings.MaxMomentum;
        DivFactor = settings.DivFactor;
        FinalDivFactor = settings.FinalDivFactor;
        ThreePhase = settings.ThreePhase;
        if (TotalSteps > 0) Plan(TotalSteps);
    }

    /// <summary>The highest rate.</summary>
    public double MaxLearningRate { get; }

    /// <summary>The cycle's steps as declared; 0 for the run's.</summary>
    public int TotalSteps { get; }

    /// <summary>The fraction of the cycle spent raising the rate.</summary>
    public double PctStart { get; }

    /// <summary>How values move within a phase.</summary>
    public AnnealStrategy Anneal { get; }

    /// <summary>Whether the momentum cycles.</summary>
    public bool CycleMomentum { get; }

    /// <summary>The lowest momentum.</summary>
    public double BaseMomentum { get; }

    /// <summary>The highest momentum.</summary>
    public double MaxMomentum { get; }

    /// <summary>The initial rate is <c>MaxLearningRate / DivFactor</c>.</summary>
    public double DivFactor { get; }

    /// <summary>The final rate is the initial rate / <c>FinalDivFactor</c>.</summary>
    public double FinalDivFactor { get; }

    /// <summary>Whether the cycle has three phases.</summary>
    public bool ThreePhase { get; }

    /// <summary>The cycle's steps: <see cref="TotalSteps"/>, or the run's once training began (0 until then).</summary>
    public long Length { get; private set; }

    /// <summary>The rate for <paramref name="position"/> (the rate the optimizer step of that number uses).</summary>
    /// <exception cref="InvalidOperationException">The length is the run's, and training has not begun.</exception>
    public double RateAt(long position) => At(position, momentum: false);

    /// <summary>The momentum (or β1) for <paramref name="position"/>.</summary>
    /// <exception cref="InvalidOperationException">The length is the run's, and training has not begun.</exception>
    public double MomentumAt(long position) => At(position, momentum: true);

    private protected override void Start()
    {
        Plan(RunLength(TotalSteps, nameof(TotalSteps)));
        if (CycleMomentum)
        {
            foreach (var group in Groups)
            {
                if (group is not (IBetas or IMomentum))
                {
                    throw new TrainingConfigurationException(
                        $"{Description} cycles the momentum, but the parameter groups of {group.GetType().DeclaringType?.Name ?? group.GetType().Name} have neither a momentum nor betas. " +
                        "Set CycleMomentum = false, or use an optimizer with one (SGD, RMSprop, Adam, AdamW, ...).");
                }
            }
        }

        Apply(0);
    }

    private protected override void Advance(long from, long to) => Apply(to);

    private protected override void Resume() => Apply(Position);

    private protected override void SaveSchedule(BinaryWriter writer) => writer.Write(Length);

    private protected override void LoadSchedule(BinaryReader reader) => Plan(reader.ReadInt64());

    // PyTorch's phases: each ends at a step (fractional), and moves the rate and the momentum between two values.
    private void Plan(long length)
    {
        Length = length;
        var initial = MaxLearningRate / DivFactor;
        var minimum = initial / FinalDivFactor;
        _phases = ThreePhase
            ?
            [
                new((PctStart * length) - 1, initial, MaxLearningRate, MaxMomentum, BaseMomentum),
                new((2 * PctStart * length) - 2, MaxLearningRate, initial, BaseMomentum, MaxMomentum),
                new(length - 1, initial, minimum, MaxMomentum, MaxMomentum),
            ]
            :
            [
                new((PctStart * length) - 1, initial, MaxLearningRate, MaxMomentum, BaseMomentum),
                new(length - 1, MaxLearningRate, minimum, BaseMomentum, MaxMomentum),
            ];
    }

    private double At(long position, bool momentum)
    {
        if (Length == 0) throw new InvalidOperationException($"{Description} spans the run, whose length is known once training begins: call OnTrainBegin first.");
        double step = Math.Min(position, Length - 1);
        double start = 0;
        for (var i = 0; i < _phases.Length; i++)
        {
            var phase = _phases[i];
            if (step <= phase.End || i == _phases.Length - 1)
            {
                var span = phase.End - start;
                var pct = span > 0 ? (step - start) / span : 1;
                return momentum ? Annealed(phase.StartMomentum, phase.EndMomentum, pct) : Annealed(phase.StartRate, phase.EndRate, pct);
            }

            start = phase.End;
        }

        throw new InvalidOperationException("A cycle has at least two phases.");
    }

    private double Annealed(double start, double end, double pct) =>
        Anneal == AnnealStrategy.Cosine ? end + ((start - end) / 2.0 * (Math.Cos(Math.PI * pct) + 1)) : ((end - start) * pct) + start;

    private void Apply(long position)
    {
        var rate = RateAt(position);
        var momentum = CycleMomentum ? MomentumAt(position) : double.NaN;
        foreach (var group in Groups)
        {
            group.LearningRate = rate;
            if (!CycleMomentum) continue;
            if (group is IBetas betas) betas.Betas = (momentum, betas.Betas.Item2);
            else if (group is IMomentum withMomentum) withMomentum.Momentum = momentum;
        }
    }

    private readonly record struct Phase(double End, double StartRate, double EndRate, double StartMomentum, double EndMomentum);
}
