using System;
using System.IO;
using Declarative.Training;

namespace Declarative.Callbacks;

/// <summary>
/// PyTorch's <c>LinearLR</c>, in its chained form: see <see cref="LinearScheduleAttribute"/>. It multiplies the rate it
/// finds, so what another callback did to the rate meanwhile (a ReduceLROnPlateau reduction) is kept.
/// </summary>
/// <remarks>
/// Its state is its position and length: the rate itself is the optimizer's, which backups keep with the optimizer's
/// state, so a resumed run multiplies on from exactly the rate its backup held. After <see cref="Length"/> steps it
/// leaves the rate alone.
/// </remarks>
public sealed class LinearSchedule : LearningRateSchedule
{
    /// <summary>Creates the callback.</summary>
    /// <param name="settings">Its settings, as the attribute takes them.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public LinearSchedule(LinearScheduleAttribute settings)
        : base(CallbackSettings.Checked(settings), SettingsText.Describe(settings))
    {
        StartFactor = settings.StartFactor;
        EndFactor = settings.EndFactor;
        Steps = settings.Steps;
        Length = settings.Steps;
    }

    /// <summary>The factor of the first step's rate.</summary>
    public double StartFactor { get; }

    /// <summary>The factor reached after <see cref="Length"/> steps.</summary>
    public double EndFactor { get; }

    /// <summary>The steps over which the factor moves, as declared; 0 for the run's.</summary>
    public int Steps { get; }

    /// <summary>The steps over which the factor moves: <see cref="Steps"/>, or the run's once training began (0 until then).</summary>
    public long Length { get; private set; }

    /// <summary>
    /// What the rate is multiplied by to go from <paramref name="position"/> − 1 to <paramref name="position"/>:
    /// <c>factor(position) / factor(position − 1)</c>, in PyTorch's form; 1 past <see cref="Length"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The length is the run's, and training has not begun.</exception>
    public double Ratio(long position)
    {
        if (Length == 0) throw new InvalidOperationException($"{Description} spans the run, whose length is known once training begins: call OnTrainBegin first.");
        if (position < 1 || position > Length) return 1;
        return 1 + ((EndFactor - StartFactor) / ((Length * StartFactor) + ((position - 1) * (EndFactor - StartFactor))));
    }

    private protected override void Start()
    {
        Length = RunLength(Steps, nameof(Steps));
        foreach (var group in Groups) group.LearningRate = group.InitialLearningRate * StartFactor;
    }

    private protected override void Advance(long from, long to)
    {
        var groups = Groups;
        for (var position = from + 1; position <= Math.Min(to, Length); position++)
        {
            var ratio = Ratio(position);
            foreach (var group in groups) group.LearningRate *= ratio;
        }
    }

    // The rate is the optimizer's, restored with its state: nothing to compute.
    private protected override void Resume()
    {
    }

    private protected override void SaveSchedule(BinaryWriter writer) => writer.Write(Length);

    private protected override void LoadSchedule(BinaryReader reader) => Length = reader.ReadInt64();
}
