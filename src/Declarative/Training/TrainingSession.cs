using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Declarative.IO;
using Declarative.Metrics;
using Declarative.State;
using static TorchSharp.torch;
using static TorchSharp.torch.optim;

namespace Declarative.Training;

/// <summary>
/// One training run, as the callbacks see it: the model and optimizer, what was passed to <c>Fit</c>, where the run is
/// (epoch, batch, the counts of batches and optimizer steps), the running metric values (read only on request), the
/// stop request, the run's whole state (<see cref="State"/>) and the writer of its files (<see cref="Files"/>).
/// </summary>
public sealed class TrainingSession : IDisposable
{
    private readonly MetricAccumulator[] _training;
    private readonly MetricAccumulator[] _validation;
    private readonly double[] _trainingValues;
    private readonly double[] _validationValues;
    private readonly bool _hasValidation;
    private readonly Dictionary<string, FolderLock> _claims = new(StringComparer.Ordinal);
    private object? _history;
    private long _batchSerial;
    private long _runningReadAt = -1;
    private bool _resumedEpochBegun;
    private byte[] _resumedRandomState = [];

    /// <summary>
    /// Starts a session for a training loop of your own that drives Declarative's callbacks (<c>Fit</c> and a model's
    /// driver make their own): pass it to each callback's <c>OnTrainBegin</c>, call their hooks as your loop reaches each
    /// event, and stop when <see cref="StopRequested"/>. Running values are not tracked in such a session, so
    /// batch-level reads give NaN.
    /// </summary>
    /// <param name="model">The model being trained.</param>
    /// <param name="optimizer">Its optimizer; learning-rate callbacks set the rates of its parameter groups.</param>
    /// <param name="epochs">The final epoch bound.</param>
    /// <param name="hasValidation">Whether the loop measures <c>val_*</c> values (callbacks monitoring one fail without).</param>
    /// <param name="output">Where callbacks print; nowhere by default.</param>
    /// <param name="initialEpoch">The first epoch of the run.</param>
    public TrainingSession(nn.Module model, Optimizer optimizer, int epochs, bool hasValidation, TextWriter? output = null, int initialEpoch = 0)
        : this(model, [(DefaultOptimizerName, optimizer)], batchesPerEpoch: null, hasValidation, epochs, initialEpoch, metrics: [], output ?? TextWriter.Null, CancellationToken.None, [])
    {
    }

    internal TrainingSession(
        nn.Module model,
        IReadOnlyList<(string Name, Optimizer Optimizer)> optimizers,
        long? batchesPerEpoch,
        bool hasValidation,
        int epochs,
        int initialEpoch,
        IReadOnlyList<MetricInfo> metrics,
        TextWriter output,
        CancellationToken cancellationToken,
        IReadOnlyList<string> configuration)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (optimizers.Count == 0) throw new ArgumentException("A run needs at least one optimizer.", nameof(optimizers));
        foreach (var (name, optimizer) in optimizers) ArgumentNullException.ThrowIfNull(optimizer, name);
        _hasValidation = hasValidation;
        Model = model;
        Optimizers = optimizers.Select(o => o.Optimizer).ToArray();
        OptimizerNames = optimizers.Select(o => o.Name).ToArray();
        BatchesPerEpoch = batchesPerEpoch;
        Epochs = epochs;
        InitialEpoch = initialEpoch;
        Epoch = initialEpoch;
        Position = new TrainingPosition(initialEpoch, 0, false);
        Configuration = configuration;
        Output = output;
        CancellationToken = cancellationToken;
        ParameterGroups = Optimizers.SelectMany(o => o.ParamGroups ?? []).ToArray();
        Device = model.parameters().FirstOrDefault()?.device ?? CPU;
        Throughput = metrics.Any(m => m.Source is MetricSource.SamplesPerSecond or MetricSource.BatchesPerSecond) ? new ThroughputCounter() : null;
        _training = metrics.Select(m => m.CreateAccumulator(Device, this)).ToArray();
        _validation = hasValidation ? metrics.Select(m => m.CreateAccumulator(Device, this)).ToArray() : [];
        _trainingValues = new double[metrics.Count];
        _validationValues = new double[hasValidation ? metrics.Count : 0];
        State = new RunState(this);
    }

    /// <summary>The name a session of one optimizer gives it.</summary>
    internal const string DefaultOptimizerName = "optimizer";

    /// <summary>The model being trained.</summary>
    public nn.Module Model { get; }

    /// <summary>The optimizer (the first, when the training step takes several).</summary>
    public Optimizer Optimizer => Optimizers[0];

    /// <summary>Every optimizer of the run, in the order the training step takes them.</summary>
    public IReadOnlyList<Optimizer> Optimizers { get; }

    /// <summary>The names of <see cref="Optimizers"/>: the training step's parameter names (<c>"optimizer"</c> for Fit's one optimizer).</summary>
    public IReadOnlyList<string> OptimizerNames { get; }

    /// <summary>Every optimizer's parameter groups, whose learning rates schedulers read and write.</summary>
    public ILearningRateController[] ParameterGroups { get; }

    /// <summary>The parameter groups of the optimizer named <paramref name="optimizer"/>, or of every optimizer when null.</summary>
    /// <exception cref="ArgumentException">No optimizer of the run has that name.</exception>
    public ILearningRateController[] ParameterGroupsOf(string? optimizer)
    {
        if (optimizer is null) return ParameterGroups;
        var index = Array.IndexOf(OptimizerNames.ToArray(), optimizer);
        if (index < 0) throw new ArgumentException($"The run has no optimizer '{optimizer}'; its optimizers are {string.Join(", ", OptimizerNames)}.", nameof(optimizer));
        return Optimizers[index].ParamGroups?.ToArray() ?? [];
    }

    /// <summary>The learning rate of the first optimizer's first parameter group (the one recorded as <c>learning_rate</c>); NaN without groups.</summary>
    public double LearningRate => ParameterGroups.Length == 0 ? double.NaN : ParameterGroups[0].LearningRate;

    /// <summary>
    /// The epoch's training throughput so far, when the model declares <c>[Throughput]</c> (null otherwise): the batches
    /// and samples this process trained in the epoch, and the time they took.
    /// </summary>
    public ThroughputCounter? Throughput { get; }

    /// <summary>The device of the model's parameters, where metrics accumulate.</summary>
    public Device Device { get; }

    /// <summary>Whether the run measures validation values (so <c>val_*</c> metrics exist).</summary>
    public bool HasValidation => _hasValidation;

    /// <summary>The final epoch bound passed to <c>Fit</c> (not the number of epochs left).</summary>
    public int Epochs { get; }

    /// <summary>The first epoch of this run.</summary>
    public int InitialEpoch { get; }

    /// <summary>Training batches per epoch, when the data knows it.</summary>
    public long? BatchesPerEpoch { get; }

    /// <summary>
    /// Optimizer steps per epoch, when the data knows its batches: a group of batches whose gradients are accumulated is
    /// one step, and so is an epoch's last, shorter group (a step that optimizes by hand, or a loop of your own: one per batch).
    /// What a schedule spanning the run counts on.
    /// </summary>
    public long? OptimizerStepsPerEpoch => BatchesPerEpoch is long batches ? (batches + BatchesPerOptimizerStep - 1) / BatchesPerOptimizerStep : null;

    /// <summary>The batches whose gradients make one optimizer step (<c>[AccumulateGradients]</c>); 1 unless Fit accumulates.</summary>
    internal int BatchesPerOptimizerStep { get; set; } = 1;

    /// <summary>The current 0-based epoch.</summary>
    public int Epoch { get; internal set; }

    /// <summary>
    /// Where a run resumed from the run's state now would continue: the epoch, the batches of it done, and whether its
    /// begin hooks ran. At an epoch's end, the next epoch's start.
    /// </summary>
    public TrainingPosition Position { get; internal set; }

    /// <summary>The training batches begun since training began (a resumed run goes on counting from its backup's): the count batch filters use.</summary>
    public long Batches { get; internal set; }

    /// <summary>The optimizer steps taken since training began, a group of accumulated batches counting as one (a step that optimizes by hand: one per batch).</summary>
    public long Steps { get; internal set; }

    /// <summary>The run's callback configuration, one attribute per line (what a backup records and checks on resume).</summary>
    public IReadOnlyList<string> Configuration { get; }

    /// <summary>The run's whole state, as named sections: what backups capture and restore, and checkpoints write part of.</summary>
    public RunState State { get; }

    /// <summary>How the run's files are written (atomically, in order); callbacks that write files go through it.</summary>
    public IFileWriter Files { get; internal set; } = SynchronousFileWriter.Instance;

    /// <summary>Whether a validation pass is under way (a backup then records the state it began in, to run it again).</summary>
    internal bool Validating { get; set; }

    /// <summary>Where callbacks print messages.</summary>
    public TextWriter Output { get; }

    /// <summary>
    /// Runs the model over one epoch of the training data without gradients, in the mode the model is in, and changes
    /// nothing else (no metrics, no hooks, no optimizer step): what batch-norm statistics are recomputed with after weight
    /// averaging (<see cref="Callbacks.BatchNormStatistics"/>). <c>Fit</c> sets it to run the model's validation step over its
    /// training batches (when the model has one: a step that optimizes by hand needs a <c>[ValidationStep]</c>); a loop of
    /// your own sets a pass of its own, or leaves it null.
    /// </summary>
    public Action? TrainingDataPass { get; set; }

    /// <summary>
    /// The epochs recorded so far, with those of the backup a run resumed (what <c>Fit</c> returns as History): what a
    /// callback rebuilds its files from when they were lost since the backup. Empty in a session of your own.
    /// </summary>
    public IReadOnlyList<TLogs> RecordedEpochs<TLogs>() where TLogs : struct, ITrainingLogs<TLogs> =>
        _history as IReadOnlyList<TLogs> ?? Array.Empty<TLogs>();

    /// <summary>The run's History, which <see cref="RecordedEpochs{TLogs}"/> returns.</summary>
    internal void Record<TLogs>(History<TLogs> history) where TLogs : struct, ITrainingLogs<TLogs> => _history = history;

    /// <summary>The token passed to <c>Fit</c>, which a signal cancels too (see <see cref="SignalHandling"/>).</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>Whether a callback asked to stop; training stops after the current batch's hooks and the epoch's end.</summary>
    public bool StopRequested { get; private set; }

    /// <summary>The callback that asked to stop first.</summary>
    public string? StoppedBy { get; private set; }

    /// <summary>Why training is stopping, once <see cref="StopRequested"/>.</summary>
    public TrainingEndReason StopReason { get; private set; } = TrainingEndReason.Stopped;

    /// <summary>Asks training to stop, as Keras's <c>model.stop_training = True</c>: remaining batches of the epoch are skipped, then validation and the epoch-end hooks run.</summary>
    /// <param name="by">The callback asking, for <see cref="TrainingEnd.StoppedBy"/>.</param>
    /// <param name="reason"><see cref="TrainingEndReason.Stopped"/> or <see cref="TrainingEndReason.Diverged"/>.</param>
    public void RequestStop(string by, TrainingEndReason reason = TrainingEndReason.Stopped)
    {
        if (StopRequested) return;
        StopRequested = true;
        StoppedBy = by;
        StopReason = reason;
    }

    /// <summary>
    /// Reads the running means of this epoch's training metrics, in metric order: a device synchronisation, made at
    /// most once per batch however many callbacks ask.
    /// </summary>
    public ReadOnlySpan<double> ReadRunningTrainingValues()
    {
        if (_runningReadAt != _batchSerial)
        {
            RunningReads++;
            Read(_training, _trainingValues);
            _runningReadAt = _batchSerial;
        }

        return _trainingValues;
    }

    /// <summary>
    /// The running values of this epoch as the model's logs (<see cref="ReadRunningTrainingValues"/>, with no
    /// validation values): what batch-level callbacks see.
    /// </summary>
    public TLogs RunningLogs<TLogs>() where TLogs : struct, ITrainingLogs<TLogs> =>
        TLogs.Create(Epoch, _training.Length == 0 ? NoValues<TLogs>() : ReadRunningTrainingValues(), default);

    /// <summary>Reads the running mean of this epoch's training loss (a device synchronisation unless already read for this batch).</summary>
    public double ReadRunningLoss()
    {
        if (_training.Length == 0) return double.NaN;
        if (_runningReadAt == _batchSerial) return _trainingValues[0];
        RunningReads++;
        return _training[0].Read();
    }

    /// <summary>How many times running values were read from the device in this run (for tests of the read budget).</summary>
    internal int RunningReads { get; private set; }

    /// <summary>The folder the run's backups go to (<c>[BackupAndRestore]</c>), or null when nothing backs the run up.</summary>
    public string? BackupFolder { get; internal set; }

    /// <summary>
    /// Claims <paramref name="folder"/> for this run, after checking that it can be written: another process claiming it
    /// is refused at once, told who holds it. Called in the setup of a run, before any callback touches a file; the claim
    /// lasts until the run ends. The same folder claimed twice by one run is claimed once.
    /// </summary>
    /// <param name="attribute">The attribute as the user wrote it, for messages.</param>
    /// <param name="folder">The folder, relative to the current directory or absolute.</param>
    /// <exception cref="TrainingConfigurationException">The folder cannot be created or written, or another process holds it.</exception>
    public void ClaimFolder(string attribute, string folder)
    {
        RequireWritableFolder(attribute, folder);
        var path = Path.GetFullPath(folder.Length == 0 ? "." : folder);
        if (!_claims.ContainsKey(path)) _claims[path] = FolderLock.Acquire(path, attribute);
    }

    /// <summary>
    /// Claims a file (a CSV log) or a folder (TensorBoard's, the checkpoints') this run writes, after checking that it
    /// can exist and be written: another process writing it is refused at once, told who holds it. The lock file is kept
    /// out of the user's folders (see <see cref="FolderLock.AcquireOutput"/>). Called in the setup of a run.
    /// </summary>
    /// <param name="attribute">The attribute as the user wrote it, for messages.</param>
    /// <param name="path">The file or folder, relative to the current directory or absolute.</param>
    /// <param name="isFile">Whether <paramref name="path"/> is a file (its folder is then checked).</param>
    /// <exception cref="TrainingConfigurationException">The path cannot exist or be written, or another process holds it.</exception>
    public void ClaimOutput(string attribute, string path, bool isFile)
    {
        if (isFile) RequireWritableFile(attribute, path);
        else RequireWritableFolder(attribute, path);
        var full = Path.GetFullPath(path.Length == 0 ? "." : path);
        if (!_claims.ContainsKey(full)) _claims[full] = FolderLock.AcquireOutput(full, attribute);
    }

    /// <summary>Releases the folders this run claimed (at its end).</summary>
    internal void ReleaseFolders()
    {
        foreach (var claim in _claims.Values) claim.Dispose();
        _claims.Clear();
    }

    /// <summary>
    /// Fails at train begin, naming the attribute and the fix, when a file a callback will write cannot exist (a name
    /// longer than file systems allow) or its folder cannot be created or written.
    /// </summary>
    /// <param name="attribute">The attribute as the user wrote it.</param>
    /// <param name="path">The file (for a file-name template, one as it will be written), relative to the current directory or absolute.</param>
    public void RequireWritableFile(string attribute, string path)
    {
        if (IO.FileNames.Problem(path) is { } problem)
            throw new TrainingConfigurationException($"{attribute} writes '{path}', which cannot exist: {problem}. Choose a shorter name.");
        RequireWritableFolder(attribute, Path.GetDirectoryName(path) ?? string.Empty);
    }

    /// <summary>
    /// Fails at train begin, naming the attribute and the fix, when a folder a callback writes to cannot be created or
    /// written (checked by creating and deleting a file in it).
    /// </summary>
    /// <param name="attribute">The attribute as the user wrote it.</param>
    /// <param name="folder">The folder, relative to the current directory or absolute.</param>
    public void RequireWritableFolder(string attribute, string folder)
    {
        if (IO.FileNames.Problem(folder.Length == 0 ? "." : folder) is { } problem)
            throw new TrainingConfigurationException($"{attribute} writes into '{folder}', which cannot exist: {problem}. Choose a shorter name.");
        var path = Path.GetFullPath(folder.Length == 0 ? "." : folder);
        try
        {
            Directory.CreateDirectory(path);
            var probe = Path.Combine(path, $".declarative-write-test-{Guid.NewGuid():N}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new TrainingConfigurationException(
                $"{attribute} writes to '{path}', which cannot be {(Directory.Exists(path) ? "written" : "created")}: {e.Message} " +
                "Choose a folder this process can write to (a relative path is resolved against the current directory), or fix its permissions.", e);
        }
    }

    /// <summary>
    /// Fails at train begin, naming the attribute, when an optimizer's learning rate cannot be set through its parameter
    /// groups (the named one's, or every optimizer's when null).
    /// </summary>
    public void RequireSettableLearningRate(string attribute, string? optimizer = null)
    {
        var index = optimizer is null ? -1 : Array.IndexOf(OptimizerNames.ToArray(), optimizer);
        if (optimizer is not null && index < 0)
            throw new TrainingConfigurationException($"{attribute} sets the learning rate of '{optimizer}', but this run's optimizers are {string.Join(", ", OptimizerNames)}.");
        foreach (var driven in index < 0 ? Optimizers : [Optimizers[index]])
        {
            var groups = driven.ParamGroups?.ToArray() ?? [];
            if (groups.Length == 0)
                throw new TrainingConfigurationException($"{attribute} sets the learning rate, but {driven.GetType().Name} has no parameter groups to set it on. Use an optimizer from torch.optim (Adam, SGD, ...).");
            foreach (var group in groups)
            {
                var rate = group.LearningRate;
                group.LearningRate = rate;
                if (group.LearningRate != rate)
                    throw new TrainingConfigurationException($"{attribute} sets the learning rate, but {driven.GetType().Name} does not keep a rate set on its parameter groups. Use an optimizer from torch.optim (Adam, SGD, ...).");
            }
        }
    }

    /// <summary>Fails at train begin, naming the attribute and the fix, when a callback needs validation data that was not passed.</summary>
    /// <param name="attribute">The attribute as the user wrote it, e.g. <c>[EarlyStopping(Monitor = "val_loss")]</c>.</param>
    /// <param name="metric">The validation metric it needs.</param>
    public void RequireValidationData(string attribute, string metric)
    {
        if (HasValidation) return;
        throw new TrainingConfigurationException(
            $"{attribute} needs '{metric}', but Fit was called without validation data, so no val_* metric exists. " +
            $"Pass validation data to Fit (validation: ...), or monitor a training metric such as '{MetricNames.Training(metric)}'.");
    }

    internal MetricAccumulator[] TrainingMetrics => _training;

    /// <summary>The accumulator of the epoch's training loss (every model's first metric).</summary>
    internal RunningMean TrainingLoss => (RunningMean)_training[0];

    /// <summary>The accumulator of the validation pass's loss.</summary>
    internal RunningMean ValidationLoss => (RunningMean)_validation[0];

    /// <summary>The random generator's state when the current epoch's data order was drawn.</summary>
    internal byte[]? EpochStartRandomState { get; set; }

    /// <summary>The random generator's state when the validation pass under way began.</summary>
    internal byte[]? ValidationStartRandomState { get; set; }

    /// <summary>
    /// Writes what a backup needs of the run itself (the <see cref="RunState.SessionSection"/>): whether the epoch began,
    /// the running values, the counters, the stop request, and the random generator's states: when the epoch drew its data
    /// order, and now (during a validation pass, when it began: a resumed run runs the pass again from there).
    /// </summary>
    internal void SaveState(BinaryWriter writer)
    {
        writer.Write(Position.EpochBegun);
        foreach (var metric in _training) metric.SaveState(writer);

        writer.Write(Batches);
        writer.Write(Steps);
        writer.Write(StopRequested);
        writer.Write(StoppedBy ?? string.Empty);
        writer.Write((int)StopReason);
        WriteBytes(writer, EpochStartRandomState ?? []);
        WriteBytes(writer, Validating && ValidationStartRandomState is { } validation ? validation : RandomState.Get());
    }

    /// <summary>Reads back what <see cref="SaveState"/> wrote; <see cref="Resume"/> applies it once every section is read.</summary>
    internal void LoadState(BinaryReader reader)
    {
        _resumedEpochBegun = reader.ReadBoolean();
        foreach (var metric in _training) metric.LoadState(reader);
        Batches = reader.ReadInt64();
        Steps = reader.ReadInt64();
        StopRequested = reader.ReadBoolean();
        var stoppedBy = reader.ReadString();
        StoppedBy = stoppedBy.Length == 0 ? null : stoppedBy;
        StopReason = (TrainingEndReason)reader.ReadInt32();
        EpochStartRandomState = reader.ReadBytes(reader.ReadInt32());
        _resumedRandomState = reader.ReadBytes(reader.ReadInt32());
    }

    /// <summary>Takes the position a restored backup records, and puts the random generator back as it was then.</summary>
    internal void Resume(BackupManifest manifest)
    {
        Position = new TrainingPosition(manifest.Epoch, manifest.Batch, _resumedEpochBegun);
        RandomState.Set(_resumedRandomState);
    }

    private static void WriteBytes(BinaryWriter writer, byte[] bytes)
    {
        writer.Write(bytes.Length);
        writer.Write(bytes);
    }

    /// <summary>Marks the start of a new batch's hooks, so running values are read again when asked for.</summary>
    internal void OnTrainBatchUpdated() => _batchSerial++;

    internal MetricAccumulator[] ValidationMetrics => _validation;

    internal ReadOnlySpan<double> ReadTrainingValues()
    {
        _batchSerial++;
        Read(_training, _trainingValues);
        return _trainingValues;
    }

    /// <summary>The values <see cref="ReadValidationValues"/> last read.</summary>
    internal ReadOnlySpan<double> LastValidationValues => _validationValues;

    internal ReadOnlySpan<double> ReadValidationValues()
    {
        Read(_validation, _validationValues);
        return _validationValues;
    }

    /// <summary>Frees the metric accumulators and the copies the run's state keeps, and releases the claimed folders.</summary>
    public void Dispose()
    {
        ReleaseFolders();
        State.FreeCopies();
        foreach (var metric in _training) metric.Dispose();
        foreach (var metric in _validation) metric.Dispose();
    }

    // A session of a hand-written loop tracks no running values: every value reads as NaN, but the learning rate.
    private double[] NoValues<TLogs>() where TLogs : struct, ITrainingLogs<TLogs>
    {
        var values = new double[TLogs.Metrics.Count];
        for (var i = 0; i < values.Length; i++) values[i] = TLogs.Metrics[i].Source == MetricSource.LearningRate ? LearningRate : double.NaN;
        return values;
    }

    private static void Read(MetricAccumulator[] metrics, double[] values)
    {
        for (var i = 0; i < metrics.Length; i++) values[i] = metrics[i].Read();
    }
}
