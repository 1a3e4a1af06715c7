using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Declarative.IO;
using Declarative.Training;

namespace Declarative.Callbacks;

/// <summary>A backup found at train begin, verified and ready to restore.</summary>
/// <param name="Manifest">The position and configuration it records.</param>
/// <param name="Reader">Its sections.</param>
/// <param name="Path">The file it came from.</param>
public sealed record RestoredBackup(BackupManifest Manifest, BackupReader Reader, string Path);

/// <summary>
/// Keras's <c>BackupAndRestore</c>, with full state: where backups go, when they are due, which generation to restore,
/// and when to delete them. The training loop owns what a backup holds (the position, the weights, the optimizer and
/// every callback's state) and calls <see cref="Restore"/> after every callback has reset, <see cref="Save"/> when a
/// backup is due.
/// </summary>
public sealed class BackupAndRestore : IOnTrainBegin, IOnTrainEnd
{
    /// <summary>The latest backup's file name.</summary>
    public const string LatestFileName = "backup.bin";

    /// <summary>The previous generation's file name.</summary>
    public const string PreviousFileName = "backup.previous.bin";

    private TextWriter _output = TextWriter.Null;
    private FolderLock? _lock;

    /// <summary>Creates the callback.</summary>
    /// <param name="settings">Its settings, as the attribute takes them.</param>
    public BackupAndRestore(BackupAndRestoreAttribute settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentException.ThrowIfNullOrWhiteSpace(settings.Directory, nameof(settings));
        CallbackSettings.Check(settings);
        Description = SettingsText.Describe(settings);
        Directory = settings.Directory;
        SaveFrequency = settings.SaveFrequency;
        KeepPreviousGeneration = settings.KeepPreviousGeneration;
        DeleteOnCompletion = settings.DeleteOnCompletion;
        AllowConfigurationChange = settings.AllowConfigurationChange;
    }

    /// <summary>The callback's configuration, as its attribute would be written.</summary>
    public string Description { get; }

    /// <summary>The folder for the backup files.</summary>
    public string Directory { get; }

    /// <summary>0: back up at epoch ends; N ≥ 1: every N training batches.</summary>
    public int SaveFrequency { get; }

    /// <summary>Whether the previous backup is kept.</summary>
    public bool KeepPreviousGeneration { get; }

    /// <summary>Whether the backup is deleted after a successful end.</summary>
    public bool DeleteOnCompletion { get; }

    /// <summary>Whether a backup made with another configuration may be resumed from.</summary>
    public bool AllowConfigurationChange { get; }

    /// <summary>Training batches since the last backup (batch mode).</summary>
    public int BatchesSinceBackup { get; set; }

    /// <summary>The position of the last backup written or restored in this run, if any.</summary>
    public (int Epoch, int Batch)? LastBackup { get; private set; }

    /// <summary>
    /// Claims the backup folder for this process, after checking that it can be written: a second process training into
    /// it is refused here, before any callback touches a file (the training loop calls this before every train-begin
    /// hook; <see cref="OnTrainBegin"/> does when nothing did). <see cref="OnTrainEnd"/> releases it.
    /// </summary>
    /// <exception cref="TrainingConfigurationException">The folder cannot be created or written, or another process holds it.</exception>
    public void Claim(TrainingSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (_lock is not null) return;
        session.RequireWritableFolder(Description, Directory);
        foreach (var file in new[] { Latest, Previous }.Where(System.IO.Directory.Exists))
        {
            throw new TrainingConfigurationException(
                $"{Description} writes its backup to {file}, which is a folder. Move or delete that folder, or give [BackupAndRestore] another directory.");
        }

        _lock = FolderLock.Acquire(Directory, Description);
    }

    /// <summary>Starts a run, after claiming the backup folder (see <see cref="Claim"/>).</summary>
    /// <exception cref="TrainingConfigurationException">The folder cannot be created or written, or another process holds it.</exception>
    public void OnTrainBegin(TrainingSession session)
    {
        Claim(session);
        _output = session.Output;
        BatchesSinceBackup = 0;
        LastBackup = null;
    }

    /// <summary>In batch mode, counts a finished training batch; returns true when a backup is due.</summary>
    public bool IsDueAfterBatch()
    {
        if (SaveFrequency == 0 || ++BatchesSinceBackup < SaveFrequency) return false;
        BatchesSinceBackup = 0;
        return true;
    }

    private string Latest => Path.Combine(Directory, LatestFileName);

    private string Previous => Path.Combine(Directory, PreviousFileName);

    /// <summary>
    /// Finds the newest intact backup: the latest, or, when it is damaged, the previous generation. Returns null when
    /// there is none (a fresh start).
    /// </summary>
    /// <param name="configuration">This run's callback configuration, one attribute per line.</param>
    /// <param name="sections">The sections a resume reads: a backup lacking one is damaged, and the previous generation is used.</param>
    /// <exception cref="TrainingConfigurationException">
    /// Every backup present is damaged, or the backup was made with another configuration (unless allowed).
    /// </exception>
    public RestoredBackup? Restore(IReadOnlyList<string> configuration, IReadOnlyCollection<string>? sections = null)
    {
        AtomicFile.DeleteLeftovers(Latest);
        var candidates = new[] { Latest, Previous }.Where(File.Exists).ToList();
        if (candidates.Count == 0) return null;

        var problems = new List<string>();
        foreach (var path in candidates)
        {
            try
            {
                var (manifest, reader) = BackupFile.Read(path);
                if (sections?.FirstOrDefault(section => !reader.Has(section)) is { } missing)
                    throw new InvalidDataException($"{path} is damaged: it has no '{missing}' section.");
                if (problems.Count > 0)
                    _output.WriteLine($"BackupAndRestore: {problems[0]} Resuming from the previous backup, {path}, instead.");
                CheckConfiguration(manifest, configuration);
                _output.WriteLine($"BackupAndRestore: resuming at epoch {manifest.Epoch + 1}" +
                                  (manifest.Batch > 0 ? $", after its batch {manifest.Batch}" : string.Empty) + $", from {path}.");
                LastBackup = (manifest.Epoch, manifest.Batch);
                return new RestoredBackup(manifest, reader, path);
            }
            catch (InvalidDataException e)
            {
                problems.Add(e.Message);
            }
        }

        throw new TrainingConfigurationException(
            $"No backup in {Directory} can be restored: {string.Join(" ", problems)} Delete the folder to start training afresh, or restore it from a copy.");
    }

    /// <summary>Writes a backup, keeping the one it replaces as the previous generation.</summary>
    public void Save(BackupManifest manifest, Action<BackupWriter> writeSections)
    {
        BackupFile.Write(Latest, manifest, writeSections, beforeReplace: () =>
        {
            if (KeepPreviousGeneration && File.Exists(Latest)) File.Move(Latest, Previous, overwrite: true);
        });
        LastBackup = (manifest.Epoch, manifest.Batch);
    }

    /// <summary>
    /// Ends the run: releases the folder, and deletes the backup after a successful end (completed, or stopped by a
    /// callback), never otherwise.
    /// </summary>
    public void OnTrainEnd(TrainingEnd end)
    {
        _lock?.Dispose();
        _lock = null;
        if (!DeleteOnCompletion || end.Reason is not (TrainingEndReason.Completed or TrainingEndReason.Stopped)) return;
        foreach (var path in new[] { Latest, Previous, Path.Combine(Directory, FolderLock.FileName), Path.Combine(Directory, FolderLock.OwnerFileName) }.Where(File.Exists)) File.Delete(path);
        AtomicFile.DeleteLeftovers(Latest);
        if (System.IO.Directory.Exists(Directory) && !System.IO.Directory.EnumerateFileSystemEntries(Directory).Any()) System.IO.Directory.Delete(Directory);
    }

    private void CheckConfiguration(BackupManifest manifest, IReadOnlyList<string> configuration)
    {
        var removed = manifest.Configuration.Except(configuration).ToList();
        var added = configuration.Except(manifest.Configuration).ToList();
        if (removed.Count == 0 && added.Count == 0) return;

        var change = string.Join("; ", removed.Select(line => "removed " + line).Concat(added.Select(line => "added " + line)));
        if (AllowConfigurationChange)
        {
            _output.WriteLine($"BackupAndRestore: the callback configuration changed since the backup ({change}); resuming anyway, as AllowConfigurationChange is set.");
            return;
        }

        throw new TrainingConfigurationException(
            $"The backup in {Directory} was made with another callback configuration: {change}. Resuming would mix the two runs' decisions. " +
            "Delete the backup folder to start afresh, restore the previous attributes, or set AllowConfigurationChange = true on [BackupAndRestore] to resume anyway.");
    }
}
