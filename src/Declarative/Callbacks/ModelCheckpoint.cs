using System;
using System.Globalization;
using System.IO;
using Declarative.IO;
using static System.FormattableString;
using static TorchSharp.torch;

namespace Declarative.Callbacks;

/// <summary>
/// Keras's <c>ModelCheckpoint</c> decisions: when to save and whether a value is the best so far; usable from a
/// hand-written loop together with <see cref="CheckpointPathTemplate"/> and <see cref="IO.Checkpoint"/>.
/// </summary>
/// <remarks>
/// <para>Epoch mode (<c>saveFrequency</c> 0): <see cref="ShouldSave"/> at each epoch end. Batch mode (N ≥ 1):
/// <see cref="OnTrainBatchEnd"/> says when N batches have passed, counted across epoch boundaries as in Keras,
/// and then <see cref="ShouldSave"/> decides with the running batch values.</para>
/// <para>With <c>saveBestOnly</c>, a save happens only when the value improves on the best so far (ties do not save;
/// <c>initialValueThreshold</c> is the initial best; NaN never improves). Unlike Keras, whose best value survives
/// across <c>fit()</c> calls, <see cref="OnTrainBegin"/> resets it.</para>
/// </remarks>
public sealed class ModelCheckpoint
{
    private readonly ImprovementCheck? _check;
    private TextWriter _output = TextWriter.Null;
    private int _batchesSinceSave;
    private double? _improvedFrom;

    /// <summary>Creates the callback's logic.</summary>
    /// <param name="monitor">The monitored metric's name (for messages).</param>
    /// <param name="direction">The monitored metric's direction; required with <paramref name="saveBestOnly"/>.</param>
    /// <param name="saveBestOnly">Save only on improvement.</param>
    /// <param name="saveWeightsOnly">Save the module's weights only, not the optimizer's state.</param>
    /// <param name="saveFrequency">0 to save at epoch ends, N ≥ 1 to save every N training batches.</param>
    /// <param name="initialValueThreshold">The initial best value, if any.</param>
    /// <param name="verbose">Print a line for each save and each non-improving epoch.</param>
    /// <param name="filePath">The file-name template, if known: at train begin, temporary files that interrupted saves left in
    /// its folder (the part before the first placeholder) are deleted.</param>
    public ModelCheckpoint(
        string monitor = "val_loss",
        MetricDirection direction = MetricDirection.Unknown,
        bool saveBestOnly = false,
        bool saveWeightsOnly = false,
        int saveFrequency = 0,
        double? initialValueThreshold = null,
        bool verbose = false,
        string? filePath = null)
    {
        if (saveFrequency < 0) throw new ArgumentOutOfRangeException(nameof(saveFrequency), saveFrequency, "saveFrequency is 0 (every epoch) or a number of batches ≥ 1.");
        if (saveBestOnly && direction == MetricDirection.Unknown)
            throw new ArgumentException($"saveBestOnly needs the direction of '{monitor}': pass Minimize or Maximize.", nameof(direction));
        Monitor = monitor;
        SaveBestOnly = saveBestOnly;
        SaveWeightsOnly = saveWeightsOnly;
        SaveFrequency = saveFrequency;
        InitialValueThreshold = initialValueThreshold;
        Verbose = verbose;
        if (direction != MetricDirection.Unknown) _check = new ImprovementCheck(direction);
        Best = initialValueThreshold;
        FilePath = filePath;
    }

    /// <summary>The file-name template, if known.</summary>
    public string? FilePath { get; }

    /// <summary>The monitored metric's name.</summary>
    public string Monitor { get; }

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

    /// <summary>Resets all per-run state; call at the start of every training run.</summary>
    /// <param name="output">Where verbose messages go (default: nowhere).</param>
    public void OnTrainBegin(TextWriter? output = null)
    {
        _output = output ?? TextWriter.Null;
        _batchesSinceSave = 0;
        Best = InitialValueThreshold;
        LastSavedPath = null;
        if (FilePath is not null) AtomicFile.DeleteLeftoversIn(FixedFolder(FilePath));
    }

    /// <summary>In batch mode, counts a finished training batch; returns true when a save is due (then call <see cref="ShouldSave"/>).</summary>
    public bool OnTrainBatchEnd()
    {
        if (SaveFrequency == 0) return false;
        if (++_batchesSinceSave < SaveFrequency) return false;
        _batchesSinceSave = 0;
        return true;
    }

    /// <summary>Decides whether to save now, updating <see cref="Best"/> when the value improved.</summary>
    /// <param name="epoch">The 0-based epoch (for messages).</param>
    /// <param name="value">The monitored value; ignored unless saving best only.</param>
    public bool ShouldSave(int epoch, double value)
    {
        if (!SaveBestOnly) return true;

        if (_check!.Value.IsImprovement(value, Best))
        {
            _improvedFrom = Best;
            Best = value;
            return true;
        }

        if (Verbose) _output.WriteLine(Invariant($"Epoch {epoch + 1}: {Monitor} did not improve from {Describe(Best)}"));
        return false;
    }

    /// <summary>Writes a checkpoint that <see cref="ShouldSave"/> allowed (atomically), announcing it when verbose.</summary>
    /// <param name="epoch">The 0-based epoch (for messages).</param>
    /// <param name="path">The formatted file name.</param>
    /// <param name="model">The module to save.</param>
    /// <param name="optimizer">The optimizer whose state is saved too, unless <see cref="SaveWeightsOnly"/>.</param>
    public void Save(int epoch, string path, nn.Module model, optim.Optimizer optimizer)
    {
        OnSaving(epoch, path);
        Checkpoint.Save(path, model, SaveWeightsOnly ? null : optimizer);
        OnSaved(epoch, path);
    }

    /// <summary>Announces a save that <see cref="ShouldSave"/> allowed, before the file is written.</summary>
    public void OnSaving(int epoch, string path)
    {
        if (!Verbose) return;
        _output.WriteLine(SaveBestOnly
            ? Invariant($"Epoch {epoch + 1}: {Monitor} improved from {Describe(_improvedFrom)} to {Describe(Best)}, saving model to {path}")
            : Invariant($"Epoch {epoch + 1}: saving model to {path}"));
    }

    /// <summary>Records that <paramref name="path"/> was written.</summary>
    public void OnSaved(int epoch, string path)
    {
        LastSavedPath = path;
        if (Verbose) _output.WriteLine(Invariant($"Epoch {epoch + 1}: finished saving model to {path}"));
    }

    // The folder part before the first placeholder ("checkpoints/net-{epoch}.bin" → "checkpoints").
    private static string FixedFolder(string template)
    {
        var brace = template.IndexOf('{');
        var fixedPart = brace < 0 ? template : template.Substring(0, brace);
        var separator = Math.Max(fixedPart.LastIndexOf('/'), fixedPart.LastIndexOf('\\'));
        return separator < 0 ? "." : fixedPart.Substring(0, separator);
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
