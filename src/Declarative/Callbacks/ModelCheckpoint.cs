using System;
using System.Globalization;
using System.IO;
using System.Linq;
using Declarative.Formatting;
using Declarative.IO;
using Declarative.Metrics;
using Declarative.State;
using Declarative.Training;
using static System.FormattableString;

namespace Declarative.Callbacks;

/// <summary>
/// Keras's <c>ModelCheckpoint</c>: saves the model (and the optimizer's state, unless weights only) to a file named
/// from a template, at each epoch end or every N training batches, optionally only when the monitored value improved.
/// </summary>
/// <remarks>
/// <para>Epoch mode (<c>SaveFrequency</c> unset): a save at each epoch end. Batch mode (N ≥ 1): every N batches,
/// counted across epoch boundaries as in Keras, deciding with the running batch values.</para>
/// <para>With <c>SaveBestOnly</c>, a save happens only when the value improves on the best so far (ties do not save;
/// <c>InitialValueThreshold</c> is the initial best; NaN never improves). Unlike Keras, whose best value survives
/// across <c>fit()</c> calls, <see cref="OnTrainBegin"/> resets it. Files are written atomically (see <see cref="Checkpoint"/>).</para>
/// </remarks>
/// <typeparam name="TLogs">The model's logs type.</typeparam>
public sealed class ModelCheckpoint<TLogs> : IOnSetup, IOnTrainBegin, IOnTrainBatchEnd, IOnEpochEnd<TLogs>, IPersistentState
    where TLogs : struct, ITrainingLogs<TLogs>
{
    private readonly Monitor<TLogs>? _monitor;
    private readonly ImprovementCheck? _check;
    private CheckpointPathTemplate _template;
    private TrainingSession? _session;
    private int _batchesSinceSave;
    private double? _improvedFrom;

    /// <summary>Creates the callback.</summary>
    /// <param name="settings">Its settings, as the attribute takes them (without <c>Monitor</c>: <paramref name="monitor"/> says it).</param>
    /// <param name="monitor">The value that decides what "best" is (<c>NetLogs.Monitors.ValLoss</c>), which <c>SaveBestOnly</c> needs; null without.</param>
    /// <exception cref="ArgumentException">
    /// A setting is out of range, the template is malformed or names a value the logs do not have at this level, or the
    /// settings save the best only or name a monitor without <paramref name="monitor"/>, or name another one.
    /// </exception>
    public ModelCheckpoint(ModelCheckpointAttribute settings, Monitor<TLogs>? monitor = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (monitor is null && (settings.SaveBestOnly || settings.IsMonitorSet))
        {
            var logs = typeof(TLogs).Name;
            throw new ArgumentException(
                $"{SettingsText.Describe(settings)}: {(settings.SaveBestOnly ? "saving the best only needs the value that decides what best is" : "Monitor names a value")}; give it as the monitor argument, " +
                $"new(settings, {logs}.Monitors.ValLoss) for example, and leave Monitor out of the settings.", nameof(monitor));
        }

        CallbackSettings.Check(settings);
        if (monitor is not null) settings = CallbackSettings.Monitoring(settings, monitor);
        _monitor = monitor;
        Description = SettingsText.Describe(settings);
        FilePath = settings.FilePath;
        _template = CheckpointPathTemplate.Parse(PathTemplate.WithoutModel(settings.FilePath));
        if (_template.Unavailable<TLogs>(settings.IsBatchLevel).FirstOrDefault() is { } missing)
            throw new ArgumentException($"{Description}: the file name uses '{{{missing}}}', which is not available {(settings.IsBatchLevel ? "to batch-level saves" : "at epoch ends")}.", nameof(settings));
        if (settings.SaveBestOnly)
        {
            if (settings.IsBatchLevel && monitor!.IsValidation)
                throw new ArgumentException($"{Description}: batch-level saves see running training values only, not '{monitor.Name}'.", nameof(settings));
            _check = new ImprovementCheck(CallbackSettings.Direction(settings, monitor!));
        }

        SaveBestOnly = settings.SaveBestOnly;
        SaveWeightsOnly = settings.SaveWeightsOnly;
        SaveFrequency = settings.SaveFrequency;
        InitialValueThreshold = double.IsNaN(settings.InitialValueThreshold) ? null : settings.InitialValueThreshold;
        Verbose = settings.Verbose;
        Best = InitialValueThreshold;
    }

    /// <summary>The callback's configuration, as its attribute would be written.</summary>
    public string Description { get; }

    /// <summary>The file-name template, as declared (it may hold <c>{model}</c>, filled in when a run begins).</summary>
    public string FilePath { get; }

    /// <summary>The monitored value's name, or null when the checkpoint saves whatever the values.</summary>
    public string? Monitor => _monitor?.Name;

    /// <summary>Whether only improvements are saved.</summary>
    public bool SaveBestOnly { get; }

    /// <summary>Whether only the module's weights are saved (not the optimizer's state).</summary>
    public bool SaveWeightsOnly { get; }

    /// <summary>0: save at epoch ends; N ≥ 1: save every N training batches.</summary>
    public int SaveFrequency { get; }

    /// <summary>The initial best value, if any.</summary>
    public double? InitialValueThreshold { get; }

    /// <summary>Whether messages are printed.</summary>
    public bool Verbose { get; }

    /// <summary>The best monitored value saved in this run (or the initial threshold).</summary>
    public double? Best { get; private set; }

    /// <summary>The path of the last file saved in this run, or null.</summary>
    public string? LastSavedPath { get; private set; }

    private TrainingSession Session => _session ?? throw new InvalidOperationException($"{Description}: call OnTrainBegin first.");

    // Batch-level saves read the running values from the device only when the decision or the file name needs them.
    private bool ReadsValues => SaveBestOnly || _template.Placeholders.Any(p => p is not ("epoch" or "batch"));

    /// <summary>Claims the checkpoint folder for this run: a second run saving into it (over the same files, or among them) is refused before any file is touched.</summary>
    /// <exception cref="TrainingConfigurationException">The folder cannot be written, or another run saves into it.</exception>
    public void OnSetup(TrainingSession session)
    {
        Resolve(session);
        session.ClaimOutput(Description, _template.FixedFolder, isFile: false);
    }

    // The template of this run: {model} filled in with the model's class.
    private void Resolve(TrainingSession session) =>
        _template = CheckpointPathTemplate.Parse(PathTemplate.ForModel(FilePath, session.Model.GetType().Name));

    /// <summary>
    /// Resets all per-run state after checking what the saves need (validation data for <c>val_*</c> values, file names
    /// that can exist, a folder that can be written), and removes the temporary files that interrupted saves left in that folder.
    /// </summary>
    /// <exception cref="TrainingConfigurationException">The run has no validation data for a <c>val_*</c> value, the folder cannot be written, or an optimizer's state cannot be saved (and not saving weights only).</exception>
    public void OnTrainBegin(TrainingSession session)
    {
        Resolve(session);
        var validation = SaveBestOnly && _monitor!.IsValidation ? _monitor.Name : _template.Placeholders.FirstOrDefault(MetricNames.IsValidation);
        if (validation is not null) session.RequireValidationData(Description, validation);
        session.RequireWritableFile(Description, LongestName(session));
        for (var i = 0; i < session.Optimizers.Count && !SaveWeightsOnly; i++)
        {
            if (session.Optimizers[i] is not TorchSharp.Modules.OptimizerHelper)
                throw new TrainingConfigurationException($"{Description} saves the optimizers' state, and {session.OptimizerNames[i]} ({session.Optimizers[i].GetType().Name}) keeps it in native code that TorchSharp cannot save. Set SaveWeightsOnly = true, or use an optimizer from torch.optim.");
        }

        _session = session;
        _batchesSinceSave = 0;
        _improvedFrom = null;
        Best = InitialValueThreshold;
        LastSavedPath = null;
        AtomicFile.DeleteLeftoversIn(_template.FixedFolder.Length == 0 ? "." : _template.FixedFolder);
    }

    // A file name as the run will write it, with the widest values it may hold: the last epoch, a batch in the millions,
    // and values as long as Python's repr of a double writes them.
    private string LongestName(TrainingSession session)
    {
        var values = _template.Placeholders.ToDictionary(name => name, _ => -1.2345678901234567e-300);
        return _template.Format(Math.Max(session.Epochs - 1, 0), SaveFrequency > 0 ? 9_999_999 : null, values);
    }

    /// <summary>In batch mode, saves when N batches have passed (counted across epochs), with the running values.</summary>
    /// <remarks>A guard the JIT inlines into the dispatcher: an epoch-level checkpoint costs a field test per batch.</remarks>
    public void OnTrainBatchEnd(int batch)
    {
        if (SaveFrequency != 0) CountBatch(batch);
    }

    private void CountBatch(int batch)
    {
        if (++_batchesSinceSave < SaveFrequency) return;
        _batchesSinceSave = 0;
        var logs = ReadsValues ? Session.RunningLogs<TLogs>() : default;
        SaveIfDue(Session.Epoch, batch, logs);
    }

    /// <summary>In epoch mode, saves with the epoch's values.</summary>
    public void OnEpochEnd(int epoch, in TLogs logs)
    {
        // On an epoch without validation (validationFrequency), a save that needs a val_* value waits for the next one.
        if (SaveFrequency == 0 && (logs.HasValidation || !NeedsValidation)) SaveIfDue(epoch, null, logs);
    }

    private bool NeedsValidation => (SaveBestOnly && _monitor!.IsValidation) || _template.Placeholders.Any(MetricNames.IsValidation);

    private void SaveIfDue(int epoch, int? batch, in TLogs logs)
    {
        if (!ShouldSave(epoch, _monitor?.Read(in logs) ?? double.NaN)) return;
        Save(epoch, _template.Format(epoch, batch, in logs));
    }

    /// <summary>Decides whether to save now, updating <see cref="Best"/> when the value improved (what the hooks act on).</summary>
    /// <param name="epoch">The 0-based epoch (for messages).</param>
    /// <param name="value">The monitored value; ignored unless saving best only.</param>
    public bool ShouldSave(int epoch, double value)
    {
        if (_check is not { } check) return true;
        if (check.IsImprovement(value, Best))
        {
            _improvedFrom = Best;
            Best = value;
            return true;
        }

        if (Verbose) Session.Output.WriteLine(Invariant($"Epoch {epoch + 1}: {Monitor} did not improve from {Describe(Best)}"));
        return false;
    }

    private void Save(int epoch, string path)
    {
        var output = Session.Output;
        if (Verbose)
        {
            output.WriteLine(SaveBestOnly
                ? Invariant($"Epoch {epoch + 1}: {Monitor} improved from {Describe(_improvedFrom)} to {Describe(Best)}, saving model to {path}")
                : Invariant($"Epoch {epoch + 1}: saving model to {path}"));
        }

        var state = Session.State;
        var snapshot = state.Capture(SaveWeightsOnly ? state.Weights : state.ModelAndOptimizers);
        Session.Files.Write(path, stream => Checkpoint.Write(stream, snapshot));
        LastSavedPath = path;
        if (Verbose) output.WriteLine(Invariant($"Epoch {epoch + 1}: finished saving model to {path}"));
    }

    private static string Describe(double? value) => value is double v ? v.ToString("F5", CultureInfo.InvariantCulture) : "None";

    /// <summary>Writes the per-run state, for a backup.</summary>
    public void SaveState(BinaryWriter writer)
    {
        writer.Write(_batchesSinceSave);
        writer.Write(Best);
        writer.Write(_improvedFrom);
        writer.WriteNullable(LastSavedPath);
    }

    /// <summary>Reads back what <see cref="SaveState"/> wrote.</summary>
    public void LoadState(BinaryReader reader)
    {
        _batchesSinceSave = reader.ReadInt32();
        Best = reader.ReadNullableDouble();
        _improvedFrom = reader.ReadNullableDouble();
        LastSavedPath = reader.ReadNullableString();
    }
}
