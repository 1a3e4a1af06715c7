using System;
using Declarative.Training;

namespace Declarative.Callbacks;

/// <summary>
/// Lightning's <c>ModelSummary</c> callback: prints the model's <see cref="ModelSummary"/> when training begins, where
/// callbacks print (<see cref="TrainingSession.Output"/>: above a live progress bar, or the plain output when it is
/// redirected), at most 80 columns wide. It keeps no state: a resumed run prints the summary again.
/// </summary>
public sealed class ModelSummaryPrinter : IOnTrainBegin
{
    /// <summary>Creates the callback.</summary>
    /// <param name="settings">Its settings, as the attribute takes them; the defaults when null.</param>
    /// <exception cref="ArgumentOutOfRangeException"><c>MaxDepth</c> is below -1.</exception>
    public ModelSummaryPrinter(ModelSummaryAttribute? settings = null)
    {
        settings ??= new();
        CallbackSettings.Check(settings);
        Description = SettingsText.Describe(settings);
        MaxDepth = settings.MaxDepth;
    }

    /// <summary>The callback's configuration, as its attribute would be written.</summary>
    public string Description { get; }

    /// <summary>The deepest layers listed (-1: all; 0: the totals alone).</summary>
    public int MaxDepth { get; }

    /// <summary>The summary printed at the last train begin.</summary>
    public ModelSummary? Summary { get; private set; }

    /// <summary>Summarizes the session's model and prints it.</summary>
    public void OnTrainBegin(TrainingSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        Summary = ModelSummary.Of(session.Model, MaxDepth);
        Summary.Write(session.Output);
    }
}
