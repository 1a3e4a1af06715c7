using System;
using System.Collections.Generic;
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
/// <para>From Lightning: <c>SaveTopK</c> keeps the k best files (<see cref="CheckpointRanking"/>), <c>LastFilePath</c>
/// always holds the latest state, <c>SaveInterval</c> saves on training time, <c>SaveOnInterrupt</c> saves a cancelled or
/// failed run's state. Each file is written, then <c>checkpoints.json</c> (<see cref="CheckpointManifest"/>), then the
/// file that left the ranking is deleted, all through the run's file writer, in that order.</para>
/// </remarks>
/// <typeparam name="TLogs">The model's logs type.</typeparam>
public sealed class ModelCheckpoint<TLogs> : IOnSetup, IOnTrainBegin, IOnTrainBatchEnd, IOnEpochEnd<TLogs>, IOnTrainInterrupted, IPersistentState
    where TLogs : struct, ITrainingLogs<TLogs>
{
    private readonly Monitor<TLogs>? _monitor;
    private readonly ImprovementCheck? _check;
    private CheckpointPathTemplate _template;
    private TrainingSession? _session;
    private int _batchesSinceSave;
    private double? _improvedFrom;
    private readonly CheckpointRanking? _ranking;
    private readonly TimeSpan? _interval;
    private long _lastSaveTime;
    private string? _lastPath;
    private string _manifestPath = CheckpointManifest.FileName;

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
        if (settings.Conflicts().Concat(settings.FormatConflicts()).FirstOrDefault(problem => problem.HasValue) is { } conflict)
            throw new ArgumentException($"{SettingsText.Describe(settings)}: {conflict.Setting}: {conflict.Reason}.", nameof(settings));
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
        Format = settings.Format;
        SaveFrequency = settings.SaveFrequency;
        InitialValueThreshold = double.IsNaN(settings.InitialValueThreshold) ? null : settings.InitialValueThreshold;
        Verbose = settings.Verbose;
        Best = InitialValueThreshold;
        SaveTopK = settings.SaveTopK;
        if (SaveTopK > 0) _ranking = new CheckpointRanking(SaveTopK, CallbackSettings.Direction(settings, monitor!));
        LastFilePath = settings.LastFilePath;
        SaveOnInterrupt = settings.SaveOnInterrupt;
        _interval = settings.Interval;
        HasManifest = settings.HasManifest;
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

    /// <summary>
    /// The files' format. <see cref="CheckpointFormat.Safetensors"/>: the weights by PyTorch's <c>state_dict</c> names
    /// (with weight averaging, the averaged weights once there are any), and in <c>__metadata__</c> the epoch (1-based),
    /// the batch (1-based, for a save within an epoch), the optimizer steps, the monitored value by its name, which weights
    /// they are, and the SHA-256 of the data, which <see cref="Safetensors.Load(string, TorchSharp.torch.nn.Module, bool)"/> checks.
    /// </summary>
    public CheckpointFormat Format { get; }

    /// <summary>0: save at epoch ends; N ≥ 1: save every N training batches.</summary>
    public int SaveFrequency { get; }

    /// <summary>The initial best value, if any.</summary>
    public double? InitialValueThreshold { get; }

    /// <summary>Whether messages are printed.</summary>
    public bool Verbose { get; }

    /// <summary>How many of the best files are kept; 0 keeps every file.</summary>
    public int SaveTopK { get; }

    /// <summary>The file that holds the latest state, as declared (it may hold <c>{model}</c>), or null.</summary>
    public string? LastFilePath { get; }

    /// <summary>Whether a cancelled or failed run's state is saved to <see cref="LastFilePath"/>.</summary>
    public bool SaveOnInterrupt { get; }

    /// <summary>The training time after which a save happens at the next batch end, or null.</summary>
    public TimeSpan? SaveInterval => _interval;

    /// <summary>Whether the callback keeps <c>checkpoints.json</c> beside its files.</summary>
    public bool HasManifest { get; }

    /// <summary>The files kept by <c>SaveTopK</c> in this run, best first (empty without it).</summary>
    public IReadOnlyList<RankedCheckpoint> Kept => _ranking?.Kept ?? [];

    /// <summary>The manifest's path in this run (set at train begin).</summary>
    public string ManifestPath => _manifestPath;

    /// <summary>The clock of <see cref="SaveInterval"/> (the system's unless a test sets another).</summary>
    public TimeProvider Time { get; set; } = TimeProvider.System;

    /// <summary>The best monitored value saved in this run (or the initial threshold).</summary>
    public double? Best { get; private set; }

    /// <summary>The last file's latest write in this run, or null.</summary>
    public LastCheckpoint? LastState { get; private set; }

    /// <summary>The path of the last file saved in this run, or null.</summary>
    public string? LastSavedPath { get; private set; }

    private TrainingSession Session => _session ?? throw new InvalidOperationException($"{Description}: call OnTrainBegin first.");

    // Batch-level saves read the running values from the device only when the decision or the file name needs them.
    private bool ReadsValues => Ranks || _template.Placeholders.Any(p => p is not ("epoch" or "batch"));

    // Whether saves are decided by the monitored value (best only, or the k best).
    private bool Ranks => SaveBestOnly || SaveTopK > 0;

    /// <summary>Claims the checkpoint folder for this run: a second run saving into it (over the same files, or among them) is refused before any file is touched.</summary>
    /// <exception cref="TrainingConfigurationException">The folder cannot be written, or another run saves into it.</exception>
    public void OnSetup(TrainingSession session)
    {
        Resolve(session);
        session.ClaimOutput(Description, _template.FixedFolder, isFile: false);
    }

    // The template of this run: {model} filled in with the model's class.
    private void Resolve(TrainingSession session)
    {
        var model = session.Model.GetType().Name;
        _template = CheckpointPathTemplate.Parse(PathTemplate.ForModel(FilePath, model));
        _lastPath = LastFilePath is null ? null : PathTemplate.ForModel(LastFilePath, model);
        _manifestPath = Path.Combine(_template.FixedFolder, CheckpointManifest.FileName);
    }

    /// <summary>
    /// Resets all per-run state after checking what the saves need (validation data for <c>val_*</c> values, file names
    /// that can exist, a folder that can be written), and removes the temporary files that interrupted saves left in that folder.
    /// </summary>
    /// <exception cref="TrainingConfigurationException">The run has no validation data for a <c>val_*</c> value, the folder cannot be written, or an optimizer's state cannot be saved (and not saving weights only).</exception>
    public void OnTrainBegin(TrainingSession session)
    {
        Resolve(session);
        var validation = Ranks && _monitor!.IsValidation ? _monitor.Name : _template.Placeholders.FirstOrDefault(MetricNames.IsValidation);
        if (validation is not null) session.RequireValidationData(Description, validation);
        session.RequireWritableFile(Description, LongestName(session));
        if (_lastPath is not null) session.RequireWritableFile(Description, _lastPath);
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
        LastState = null;
        _ranking?.Clear();
        _lastSaveTime = Time.GetTimestamp();
        AtomicFile.DeleteLeftoversIn(_template.FixedFolder.Length == 0 ? "." : _template.FixedFolder);
        if (_lastPath is not null) AtomicFile.DeleteLeftovers(_lastPath);
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
        if (SaveFrequency != 0 || _interval is not null) CountBatch(batch);
    }

    private void CountBatch(int batch)
    {
        var due = SaveFrequency != 0 && ++_batchesSinceSave >= SaveFrequency;
        // A save on time that needs a val_* value is that epoch's save, after validation (Lightning #20919).
        due |= _interval is { } interval && !NeedsValidation && Time.GetElapsedTime(_lastSaveTime) >= interval;
        if (!due) return;
        _batchesSinceSave = 0;
        var logs = ReadsValues ? Session.RunningLogs<TLogs>() : default;
        SaveIfDue(Session.Epoch, batch, logs);
    }

    /// <summary>In epoch mode, saves with the epoch's values; the last file, if any, at every epoch end.</summary>
    public void OnEpochEnd(int epoch, in TLogs logs)
    {
        // On an epoch without validation (validationFrequency), a save that needs a val_* value waits for the next one.
        var saves = SaveFrequency == 0 && (logs.HasValidation || !NeedsValidation);
        if (saves) SaveIfDue(epoch, null, logs);
        else if (_lastPath is not null) SaveLast(epoch, null, "epoch end", Capture(epoch, null, double.NaN));
    }

    /// <summary>With <c>SaveOnInterrupt</c>, saves the state where a cancellation or a failure stopped the run to the last file.</summary>
    public void OnTrainInterrupted(TrainingEnd end)
    {
        if (!SaveOnInterrupt || _session is not { } session || _lastPath is null) return;
        var reason = end.Reason == TrainingEndReason.Failed ? "failed" : "cancelled";
        try
        {
            var batch = session.Position.Batch > 0 ? session.Position.Batch - 1 : (int?)null;
            SaveLast(session.Epoch, batch, reason, Capture(session.Epoch, batch, double.NaN));
            session.Files.Flush();
        }
        catch (Exception e) when (end.Reason == TrainingEndReason.Failed)
        {
            // The run's own failure is what propagates; this one is said, not thrown over it.
            session.Output.WriteLine($"{Description}: the failed run's state could not be saved to {_lastPath}: {e.Message}");
        }
    }

    private bool NeedsValidation => (Ranks && _monitor!.IsValidation) || _template.Placeholders.Any(MetricNames.IsValidation);

    private void SaveIfDue(int epoch, int? batch, in TLogs logs)
    {
        _lastSaveTime = Time.GetTimestamp();
        var value = _monitor?.Read(in logs) ?? double.NaN;
        var snapshot = _lastPath is null ? null : Capture(epoch, batch, value);
        if (_ranking is not null) SaveRanked(epoch, batch, value, _template.Format(epoch, batch, in logs), ref snapshot);
        else if (ShouldSave(epoch, value)) Save(epoch, _template.Format(epoch, batch, in logs), snapshot ??= Capture(epoch, batch, value));
        if (_lastPath is not null) SaveLast(epoch, batch, batch is null ? "epoch end" : "save", snapshot!);
    }

    private void SaveRanked(int epoch, int? batch, double value, string path, ref Action<Stream>? snapshot)
    {
        var output = Session.Output;
        if (!_ranking!.Offer(new RankedCheckpoint(path, epoch, batch, Session.Steps, value), out var leaving))
        {
            if (Verbose) output.WriteLine(Invariant($"Epoch {epoch + 1}: {Monitor} was {Describe(value)}, not in the top {SaveTopK}"));
            return;
        }

        if (Verbose) output.WriteLine(Invariant($"Epoch {epoch + 1}: {Monitor} was {Describe(value)}, in the top {SaveTopK}: saving model to {path}"));
        Best = _ranking.Kept[0].Value;
        Write(path, snapshot ??= Capture(epoch, batch, value));
        LastSavedPath = path;
        WriteManifest(leaving);
        if (leaving is not null) Session.Files.Delete(leaving);
    }

    private void SaveLast(int epoch, int? batch, string reason, Action<Stream> snapshot)
    {
        Write(_lastPath!, snapshot);
        LastState = new LastCheckpoint(_lastPath!, epoch, batch, Session.Steps, reason);
        WriteManifest();
    }

    private void WriteManifest(string? leaving = null)
    {
        var content = CheckpointManifest.Serialize(_manifestPath, Monitor, _ranking, LastState, leaving);
        Session.Files.Write(_manifestPath, stream => stream.Write(content));
    }

    // What a checkpoint holds, captured on the training thread so that later batches cannot change it: the writer of its content.
    private Action<Stream> Capture(int epoch, int? batch, double value)
    {
        var state = Session.State;
        if (Format == CheckpointFormat.Safetensors) return SafetensorsCheckpoint.Capture(Session, epoch, batch, Monitor, value).WriteTo;
        var snapshot = state.Capture(SaveWeightsOnly ? state.Weights : state.ModelAndOptimizers);
        return stream => Checkpoint.Write(stream, snapshot);
    }

    private void Write(string path, Action<Stream> content) => Session.Files.Write(path, content);

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

    private void Save(int epoch, string path, Action<Stream> snapshot)
    {
        var output = Session.Output;
        if (Verbose)
        {
            output.WriteLine(SaveBestOnly
                ? Invariant($"Epoch {epoch + 1}: {Monitor} improved from {Describe(_improvedFrom)} to {Describe(Best)}, saving model to {path}")
                : Invariant($"Epoch {epoch + 1}: saving model to {path}"));
        }

        Write(path, snapshot);
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
        var kept = Kept;
        writer.Write(kept.Count);
        foreach (var entry in kept)
        {
            writer.Write(entry.Path);
            writer.Write(entry.Epoch);
            writer.Write(entry.Batch.HasValue ? entry.Batch.Value : -1);
            writer.Write(entry.Step);
            writer.Write(entry.Value);
        }
    }

    /// <summary>Reads back what <see cref="SaveState"/> wrote.</summary>
    public void LoadState(BinaryReader reader)
    {
        _batchesSinceSave = reader.ReadInt32();
        Best = reader.ReadNullableDouble();
        _improvedFrom = reader.ReadNullableDouble();
        LastSavedPath = reader.ReadNullableString();
        var kept = new RankedCheckpoint[reader.ReadInt32()];
        for (var i = 0; i < kept.Length; i++)
        {
            var path = reader.ReadString();
            var epoch = reader.ReadInt32();
            var batch = reader.ReadInt32();
            kept[i] = new RankedCheckpoint(path, epoch, batch < 0 ? null : batch, reader.ReadInt64(), reader.ReadDouble());
        }

        // The manifest on disk is newer than the backup when the run went on after it: the files it ranks are the ones
        // that exist, and saves redone after the resume replace those of the same name.
        // A file the run was deleting when it stopped is deleted now.
        _ranking?.Load(CheckpointManifest.ReadRanking(_manifestPath) ?? kept);
        if (_ranking is { Kept.Count: > 0 }) Best = _ranking.Kept[0].Value;
        if (_ranking is not null && CheckpointManifest.ReadLeaving(_manifestPath) is { } leaving && File.Exists(leaving) && !_ranking.Kept.Any(entry => entry.Path == leaving)) Session.Files.Delete(leaving);
    }
}
