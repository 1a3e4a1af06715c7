using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Declarative.Formatting;
using Declarative.Metrics;
using Declarative.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Declarative.Callbacks;

/// <summary>
/// Keras's <c>TensorBoard</c> callback, writing through TorchSharp's <c>SummaryWriter</c>: epoch scalars to
/// <c>&lt;logDirectory&gt;/train</c> and <c>&lt;logDirectory&gt;/validation</c> (so loss and val_loss overlay as one
/// <c>epoch_loss</c> chart), optional batch scalars and weight histograms.
/// </summary>
/// <remarks>
/// As in Keras: training values and <c>learning_rate</c> go to <c>train</c> as <c>epoch_&lt;name&gt;</c>, validation
/// values to <c>validation</c> without their <c>val_</c> prefix, at step = the 0-based epoch; with an update frequency N,
/// <c>batch_&lt;name&gt;</c> running values every N global batches (1-based step); with a histogram frequency N, each
/// parameter's <c>&lt;name&gt;/histogram</c> when <c>epoch % N == 0</c>. Graphs, images, embeddings and profiling are not
/// written. Writers are created at the first value they receive; TorchSharp's <c>SummaryWriter</c> opens, appends to,
/// flushes and closes its event file at each value, so nothing is left open, and there is nothing to close at train end. A fresh run (not a resume) into a folder that already
/// holds event files says so once: TensorBoard would draw the two runs over the same steps.
/// </remarks>
/// <typeparam name="TLogs">The model's logs type, whose values are written.</typeparam>
public sealed class TensorBoard<TLogs> : IOnSetup, IOnTrainBegin, IOnTrainBatchEnd, IOnEpochEnd<TLogs>, IPersistentState
    where TLogs : struct, ITrainingLogs<TLogs>
{
    private SummaryWriter? _train;
    private SummaryWriter? _validation;
    private TrainingSession? _session;
    private int _globalBatch;
    private int _earlierEventFiles;

    /// <summary>Creates the callback.</summary>
    /// <param name="settings">Its settings, as the attribute takes them.</param>
    public TensorBoard(TensorBoardAttribute settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentException.ThrowIfNullOrWhiteSpace(settings.LogDirectory, nameof(settings));
        CallbackSettings.Check(settings);
        Description = SettingsText.Describe(settings);
        LogDirectory = settings.LogDirectory;
        Folder = settings.LogDirectory;
        UpdateFrequency = settings.UpdateFrequency;
        HistogramFrequency = settings.HistogramFrequency;
    }

    /// <summary>The callback's configuration, as its attribute would be written.</summary>
    public string Description { get; }

    /// <summary>The run's folder; TensorBoard is pointed at it or at a parent.</summary>
    public string LogDirectory { get; }

    /// <summary>The folder of the run under way: <see cref="LogDirectory"/> with <c>{model}</c> filled in.</summary>
    public string Folder { get; private set; }

    /// <summary>Batches between batch-level writes; 0 for none.</summary>
    public int UpdateFrequency { get; }

    /// <summary>Epochs between weight histograms (from epoch 0); 0 for none.</summary>
    public int HistogramFrequency { get; }

    private TrainingSession Session => _session ?? throw new InvalidOperationException($"{Description}: call OnTrainBegin first.");

    /// <summary>Claims the log folder for this run: a second run writing into it (which TensorBoard would draw as one) is refused before any file is touched.</summary>
    /// <exception cref="TrainingConfigurationException">The folder cannot be written, or another run writes into it.</exception>
    public void OnSetup(TrainingSession session)
    {
        Folder = PathTemplate.ForModel(LogDirectory, session.Model.GetType().Name);
        session.ClaimOutput(Description, Folder, isFile: false);
    }

    /// <summary>Starts a run (the global batch count restarts, as in Keras), after checking that its event files can exist and the folder be written.</summary>
    /// <exception cref="TrainingConfigurationException">The event files cannot exist (a path too long), or the folder cannot be created or written.</exception>
    public void OnTrainBegin(TrainingSession session)
    {
        Folder = PathTemplate.ForModel(LogDirectory, session.Model.GetType().Name);
        // An event file's name, as TorchSharp makes them: events.out.tfevents.<ticks>.<host>.<process>.<n>.
        session.RequireWritableFile(Description, Path.Combine(Folder, "validation", $"events.out.tfevents.{DateTime.MaxValue.Ticks}.{Environment.MachineName}.{int.MaxValue}.{int.MaxValue}"));
        session.RequireWritableFolder(Description, Folder);
        _session = session;
        _train = null;
        _validation = null;
        _globalBatch = 0;
        _earlierEventFiles = EventFiles().Count();
    }

    /// <summary>Counts a training batch; every <see cref="UpdateFrequency"/> batches, writes the running values as <c>batch_&lt;name&gt;</c>.</summary>
    /// <remarks>A guard the JIT inlines into the dispatcher: without batch values it costs a field test per batch.</remarks>
    public void OnTrainBatchEnd(int batch)
    {
        if (UpdateFrequency != 0) CountBatch();
    }

    private void CountBatch()
    {
        if (++_globalBatch % UpdateFrequency != 0) return;
        var logs = Session.RunningLogs<TLogs>();
        foreach (var metric in TLogs.Metrics)
        {
            if (!metric.IsRunValue && logs.TryGetValue(metric.Name, out var value)) Train.add_scalar("batch_" + metric.Name, (float)value, _globalBatch);
        }
    }

    /// <summary>Writes the epoch's values, and the weight histograms when due.</summary>
    public void OnEpochEnd(int epoch, in TLogs logs)
    {
        foreach (var metric in TLogs.Metrics)
        {
            if (logs.TryGetValue(metric.Name, out var value)) Train.add_scalar("epoch_" + metric.Name, (float)value, epoch);
            if (logs.TryGetValue(MetricNames.Validation(metric.Name), out var validation)) Validation.add_scalar("epoch_" + metric.Name, (float)validation, epoch);
        }

        if (HistogramFrequency > 0 && epoch % HistogramFrequency == 0) WriteHistograms(Session.Model, epoch);
    }

    /// <summary>Writes the per-run state (the global batch count, and how much of each event file was written), for a backup.</summary>
    public void SaveState(BinaryWriter writer)
    {
        writer.Write(_globalBatch);
        writer.Write(DateTime.Now.Ticks);
        var files = EventFiles().ToList();
        writer.Write(files.Count);
        foreach (var file in files)
        {
            writer.Write(Path.GetRelativePath(Folder, file));
            writer.Write(new FileInfo(file).Length);
        }
    }

    /// <summary>
    /// Reads back what <see cref="SaveState"/> wrote, and cuts the event files back to the backup's point: events the
    /// interrupted run wrote after it are removed, so the resumed run does not show them twice. A file deleted or cut
    /// short since the backup is cut back to its whole records, the epoch values it lost are written again from the
    /// backup's History, and the loss of what History does not hold (batch values, histograms) is reported.
    /// </summary>
    public void LoadState(BinaryReader reader)
    {
        _globalBatch = reader.ReadInt32();
        _earlierEventFiles = 0;
        var backupTicks = reader.ReadInt64();
        var known = new Dictionary<string, long>();
        for (var count = reader.ReadInt32(); count > 0; count--) known[Path.GetFullPath(Path.Combine(Folder, reader.ReadString()))] = reader.ReadInt64();

        var damaged = known.Keys.Where(file => !File.Exists(file)).Select(file => $"{Path.GetRelativePath(Folder, file)} was deleted").ToList();
        foreach (var file in EventFiles())
        {
            if (known.TryGetValue(Path.GetFullPath(file), out var length))
            {
                var found = new FileInfo(file).Length;
                var keep = found >= length ? length : IO.EventFile.Read(file).Intact;
                if (found < length) damaged.Add($"{Path.GetRelativePath(Folder, file)} was cut short ({found} of {length} bytes)");
                using var stream = new FileStream(file, FileMode.Open, FileAccess.Write);
                if (stream.Length > keep) stream.SetLength(keep);
            }
            else if (CreatedTicks(file) > backupTicks)
            {
                File.Delete(file);
            }
        }

        if (damaged.Count > 0) RewriteLostEpochs(damaged);
    }

    // The epoch values History holds that no remaining event file has: written again, at their epochs.
    private void RewriteLostEpochs(List<string> damaged)
    {
        var present = new HashSet<(string Folder, string Tag, long Step)>();
        foreach (var file in EventFiles())
        {
            var folder = Path.GetFileName(Path.GetDirectoryName(file)!);
            foreach (var e in IO.EventFile.Read(file).Events)
            {
                foreach (var value in e.Summary?.Value ?? [])
                {
                    present.Add((folder, value.Tag, e.Step));
                }
            }
        }

        var rewritten = 0;
        foreach (var logs in Session.RecordedEpochs<TLogs>())
        {
            foreach (var metric in TLogs.Metrics)
            {
                var tag = "epoch_" + metric.Name;
                if (logs.TryGetValue(metric.Name, out var value) && present.Add(("train", tag, logs.Epoch)))
                {
                    Train.add_scalar(tag, (float)value, logs.Epoch);
                    rewritten++;
                }

                if (logs.TryGetValue(MetricNames.Validation(metric.Name), out var validation) && present.Add(("validation", tag, logs.Epoch)))
                {
                    Validation.add_scalar(tag, (float)validation, logs.Epoch);
                    rewritten++;
                }
            }
        }

        Session.Output.WriteLine($"{Description}: since the backup, {string.Join(", ", damaged)}: wrote {rewritten} epoch values again from the backup's History; " +
                                 "the batch values and histograms those files held cannot be rebuilt, and are lost.");
    }

    private IEnumerable<string> EventFiles() =>
        new[] { "train", "validation" }
            .Select(folder => Path.Combine(Folder, folder))
            .Where(Directory.Exists)
            .SelectMany(folder => Directory.GetFiles(folder, "events.out.tfevents.*"));

    // TorchSharp names event files events.out.tfevents.<DateTime.Now.Ticks>.<host>.<pid>.<n>.
    private static long CreatedTicks(string file) =>
        Path.GetFileName(file).Split('.') is { Length: > 3 } parts && long.TryParse(parts[3], out var ticks) ? ticks : long.MinValue;

    private SummaryWriter Train => _train ??= Create("train");

    private SummaryWriter Validation => _validation ??= Create("validation");

    // A fresh run (not a resume) in a folder that holds another run's events: TensorBoard would draw both over the
    // same steps. Those files are not this run's to delete, so the user is told, once.
    private SummaryWriter Create(string folder)
    {
        if (_earlierEventFiles > 0)
        {
            Session.Output.WriteLine($"TensorBoard: {Path.GetFullPath(Folder)} already holds {_earlierEventFiles} event file(s) of an earlier run, which TensorBoard will draw over this run's steps. " +
                                     "Give each run its own LogDirectory, or delete the old files; Declarative never deletes files another run wrote.");
            _earlierEventFiles = 0;
        }

        return utils.tensorboard.SummaryWriter(Path.Combine(Folder, folder));
    }

    private void WriteHistograms(nn.Module model, int epoch)
    {
        // SummaryWriter.add_histogram creates tensors it does not dispose (its bins); the scope frees them.
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        foreach (var (name, parameter) in model.named_parameters())
        {
            Train.add_histogram(name + "/histogram", parameter.detach().cpu(), epoch);
        }
    }
}
