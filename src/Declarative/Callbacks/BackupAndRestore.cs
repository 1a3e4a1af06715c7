using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Declarative.Formatting;
using Declarative.IO;
using Declarative.State;
using Declarative.Training;
using TorchSharp.Modules;

namespace Declarative.Callbacks;

/// <summary>A backup found at train begin, verified and ready to restore.</summary>
/// <param name="Snapshot">Its sections, position and configuration.</param>
/// <param name="Path">The file it came from.</param>
/// <param name="ConfigurationChanged">Whether it was made with another callback configuration (resumed because allowed).</param>
public sealed record RestoredBackup(RunSnapshot Snapshot, string Path, bool ConfigurationChanged)
{
    /// <summary>The position and configuration it records.</summary>
    public BackupManifest Manifest => Snapshot.Manifest;
}

/// <summary>
/// Keras's <c>BackupAndRestore</c>, with full state: it claims its folder when the run is set up, resumes from the
/// latest intact backup when training begins (or backs up the starting point of a fresh run), backs the run up at epoch
/// ends or every N batches and when the run is interrupted, and deletes its backups after a successful end. What a
/// backup holds is the run's state (<see cref="TrainingSession.State"/>: the weights, every optimizer, the position,
/// History, the random generators and every callback's state); it runs last, after every other callback.
/// </summary>
public sealed class BackupAndRestore : IOnSetup, IOnTrainBegin, IOnTrainBatchEnd, IOnEpochEnd, IOnTrainInterrupted, IOnTrainEnd, IPersistentState
{
    /// <summary>The latest backup's file name.</summary>
    public const string LatestFileName = "backup.bin";

    /// <summary>The previous generation's file name.</summary>
    public const string PreviousFileName = "backup.previous.bin";

    private TextWriter _output = TextWriter.Null;
    private TrainingSession? _session;

    /// <summary>Creates the callback.</summary>
    /// <param name="settings">Its settings, as the attribute takes them.</param>
    public BackupAndRestore(BackupAndRestoreAttribute settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentException.ThrowIfNullOrWhiteSpace(settings.Directory, nameof(settings));
        CallbackSettings.Check(settings);
        Description = SettingsText.Describe(settings);
        Directory = settings.Directory;
        Folder = settings.Directory;
        SaveFrequency = settings.SaveFrequency;
        KeepPreviousGeneration = settings.KeepPreviousGeneration;
        DeleteOnCompletion = settings.DeleteOnCompletion;
        AllowConfigurationChange = settings.AllowConfigurationChange;
    }

    /// <summary>The callback's configuration, as its attribute would be written.</summary>
    public string Description { get; }

    /// <summary>The folder for the backup files.</summary>
    public string Directory { get; }

    /// <summary>The folder of the run under way: <see cref="Directory"/> with <c>{model}</c> filled in.</summary>
    public string Folder { get; private set; }

    /// <summary>0: back up at epoch ends; N ≥ 1: every N training batches.</summary>
    public int SaveFrequency { get; }

    /// <summary>Whether the previous backup is kept.</summary>
    public bool KeepPreviousGeneration { get; }

    /// <summary>Whether the backup is deleted after a successful end.</summary>
    public bool DeleteOnCompletion { get; }

    /// <summary>Whether a backup made with another configuration may be resumed from.</summary>
    public bool AllowConfigurationChange { get; }

    /// <summary>Training batches since the last backup (batch mode).</summary>
    public int BatchesSinceBackup { get; private set; }

    /// <summary>The position of the last backup written or restored in this run, if any.</summary>
    public (int Epoch, int Batch)? LastBackup { get; private set; }

    private string Latest => Path.Combine(Folder, LatestFileName);

    private string Previous => Path.Combine(Folder, PreviousFileName);

    /// <summary>
    /// Claims the backup folder for this run, after checking that it can be written and that the optimizers' state can
    /// be saved: a second process training into it is refused here, before any callback touches a file.
    /// </summary>
    /// <exception cref="TrainingConfigurationException">The folder cannot be created, written or claimed, a backup file is a folder, or an optimizer's state cannot be saved.</exception>
    public void OnSetup(TrainingSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        for (var i = 0; i < session.Optimizers.Count; i++)
        {
            if (session.Optimizers[i] is not OptimizerHelper)
                throw new TrainingConfigurationException($"{Description} needs to save the optimizers' state, and {session.OptimizerNames[i]} ({session.Optimizers[i].GetType().Name}) keeps it in native code that TorchSharp cannot save. Use an optimizer from torch.optim such as Adam or SGD.");
        }

        Folder = PathTemplate.ForModel(Directory, session.Model.GetType().Name);
        session.RequireWritableFile(Description, Previous);
        session.ClaimFolder(Description, Folder);
        session.BackupFolder = Folder;
        foreach (var file in new[] { Latest, Previous }.Where(System.IO.Directory.Exists))
        {
            throw new TrainingConfigurationException(
                $"{Description} writes its backup to {file}, which is a folder. Move or delete that folder, or give [BackupAndRestore] another directory.");
        }
    }

    /// <summary>
    /// Starts a run, after every other callback has reset: resumes the run's state from the latest intact backup, or, on
    /// a fresh start, backs up the starting point, so that every restart of an interrupted run is a resume (one killed in
    /// its first epoch too: a resume cuts back what the interrupted process wrote after its backup).
    /// </summary>
    /// <exception cref="TrainingConfigurationException">No backup present can be restored, or one was made with another configuration.</exception>
    public void OnTrainBegin(TrainingSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        Folder = PathTemplate.ForModel(Directory, session.Model.GetType().Name);
        _session = session;
        _output = session.Output;
        BatchesSinceBackup = 0;
        LastBackup = null;
        if (Restore(session.Configuration, session.State) is { } restored) session.State.Restore(restored.Snapshot, restored.ConfigurationChanged);
        else Save();
    }

    /// <summary>In batch mode, backs the run up every <see cref="SaveFrequency"/> batches (counted across epochs).</summary>
    /// <remarks>A guard the JIT inlines into the dispatcher: epoch backups cost a field test per batch.</remarks>
    public void OnTrainBatchEnd(int batch)
    {
        if (SaveFrequency != 0) CountBatch();
    }

    private void CountBatch()
    {
        if (++BatchesSinceBackup < SaveFrequency) return;
        BatchesSinceBackup = 0;
        Save();
    }

    /// <summary>In epoch mode, backs the run up at each epoch's end, after every other callback's end (History has the epoch).</summary>
    public void OnEpochEnd(int epoch)
    {
        if (SaveFrequency == 0) Save();
    }

    /// <summary>Backs the run up where a cancellation stopped it (not after a failure: a batch may be half done).</summary>
    public void OnTrainInterrupted(TrainingEnd end)
    {
        if (end.Reason == TrainingEndReason.Cancelled && _session is not null) Save();
    }

    /// <summary>Ends the run: deletes the backups after a successful end (completed, or stopped by a callback), never otherwise.</summary>
    public void OnTrainEnd(TrainingEnd end)
    {
        var session = _session;
        _session = null;
        if (!DeleteOnCompletion || end.Reason is not (TrainingEndReason.Completed or TrainingEndReason.Stopped)) return;
        session?.Files.Flush();
        foreach (var path in new[] { Latest, Previous }.Where(File.Exists)) File.Delete(path);
        AtomicFile.DeleteLeftovers(Latest);
        // The lock files go when the folder does, once this run's claim is released (at the run's end).
        session?.ReleaseFolders();
        foreach (var path in new[] { FolderLock.FileName, FolderLock.OwnerFileName }.Select(name => Path.Combine(Folder, name)).Where(File.Exists)) File.Delete(path);
        if (System.IO.Directory.Exists(Folder) && !System.IO.Directory.EnumerateFileSystemEntries(Folder).Any()) System.IO.Directory.Delete(Folder);
    }

    /// <summary>
    /// Finds the newest intact backup: the latest, or, when it is damaged, the previous generation. Returns null when
    /// there is none (a fresh start). The configuration is checked before the sections, so that a callback added since
    /// the backup reads as the change it is, not as damage.
    /// </summary>
    /// <param name="configuration">This run's callback configuration, one attribute per line.</param>
    /// <param name="state">The run's state, whose sections a backup must have (with a configuration change, a callback's may be missing); null to check none.</param>
    /// <exception cref="TrainingConfigurationException">
    /// Every backup present is damaged, or the backup was made with another configuration (unless allowed).
    /// </exception>
    public RestoredBackup? Restore(IReadOnlyList<string> configuration, RunState? state = null)
    {
        AtomicFile.DeleteLeftovers(Latest);
        var candidates = new[] { Latest, Previous }.Where(File.Exists).ToList();
        if (candidates.Count == 0) return null;

        var problems = new List<string>();
        foreach (var path in candidates)
        {
            try
            {
                var snapshot = BackupFile.Read(path);
                var changed = CheckConfiguration(snapshot.Manifest, configuration);
                if (state?.MissingFrom(snapshot, changed).FirstOrDefault() is { } missing)
                    throw new InvalidDataException($"{path} is damaged: it has no '{missing}' section.");
                if (problems.Count > 0)
                    _output.WriteLine($"BackupAndRestore: {problems[0]} Resuming from the previous backup, {path}, instead.");
                var manifest = snapshot.Manifest;
                _output.WriteLine($"BackupAndRestore: resuming at epoch {manifest.Epoch + 1}" +
                                  (manifest.Batch > 0 ? $", after its batch {manifest.Batch}" : string.Empty) + $", from {path}.");
                LastBackup = (manifest.Epoch, manifest.Batch);
                return new RestoredBackup(snapshot, path, changed);
            }
            catch (InvalidDataException e)
            {
                problems.Add(e.Message);
            }
        }

        throw new TrainingConfigurationException(
            $"No backup in {Folder} can be restored: {string.Join(" ", problems)} Delete the folder to start training afresh, or restore it from a copy.");
    }

    /// <summary>Writes a backup of the run's state now, keeping the one it replaces as the previous generation.</summary>
    public void Save()
    {
        var session = _session ?? throw new InvalidOperationException($"{Description}: call OnTrainBegin first.");
        Save(session.State.Capture(), session.Files);
    }

    /// <summary>Writes <paramref name="snapshot"/> as the latest backup through <paramref name="files"/> (on the calling thread by default), keeping the one it replaces as the previous generation.</summary>
    public void Save(RunSnapshot snapshot, IFileWriter? files = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        (files ?? SynchronousFileWriter.Instance).Write(Latest, stream => BackupFile.Write(stream, snapshot), beforeReplace: () =>
        {
            if (KeepPreviousGeneration && File.Exists(Latest)) File.Move(Latest, Previous, overwrite: true);
        });
        LastBackup = (snapshot.Manifest.Epoch, snapshot.Manifest.Batch);
    }

    /// <summary>Writes the batches since the last backup, for the next backup.</summary>
    public void SaveState(BinaryWriter writer) => writer.Write(BatchesSinceBackup);

    /// <summary>Reads back what <see cref="SaveState"/> wrote.</summary>
    public void LoadState(BinaryReader reader) => BatchesSinceBackup = reader.ReadInt32();

    // Returns whether the configuration changed (when that is allowed).
    private bool CheckConfiguration(BackupManifest manifest, IReadOnlyList<string> configuration)
    {
        var removed = manifest.Configuration.Except(configuration).ToList();
        var added = configuration.Except(manifest.Configuration).ToList();
        if (removed.Count == 0 && added.Count == 0) return false;

        var change = string.Join("; ", removed.Select(line => "removed " + line).Concat(added.Select(line => "added " + line)));
        if (AllowConfigurationChange)
        {
            _output.WriteLine($"BackupAndRestore: the callback configuration changed since the backup ({change}); resuming anyway, as AllowConfigurationChange is set: what was added starts fresh.");
            return true;
        }

        throw new TrainingConfigurationException(
            $"The backup in {Folder} was made with another callback configuration: {change}. Resuming would mix the two runs' decisions. " +
            "Delete the backup folder to start afresh, restore the previous attributes, or set AllowConfigurationChange = true on [BackupAndRestore] to resume anyway.");
    }
}
