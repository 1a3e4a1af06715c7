// Shared by the runtime library and the source generator (linked into both), so it stays netstandard2.0-compatible.
#nullable enable

using System;
using System.Collections.Generic;
using System.Linq;
using Declarative.Formatting;

namespace Declarative;

/// <summary>
/// Saves the model (Keras's <c>ModelCheckpoint</c>) at the end of each epoch or every <see cref="SaveFrequency"/>
/// batches, optionally only when a monitored metric improved. The callback: <see cref="Callbacks.ModelCheckpoint{TLogs}"/>.
/// </summary>
/// <remarks>
/// <para>
/// The file path is a template with Python format placeholders, as in Keras: <c>{epoch}</c> and <c>{batch}</c>
/// are 1-based, and every metric the model produces can be named (<c>{val_loss:.3f}</c>, <c>{epoch:02d}</c>).
/// Placeholders are checked at compile time against the metrics the model produces.
/// </para>
/// <para>
/// Files hold TorchSharp module state (<c>Module.save</c> format), followed by the optimizer's state unless
/// <see cref="SaveWeightsOnly"/> is set, then an integrity record: load them with <c>Declarative.IO.Checkpoint.Load</c>,
/// which refuses a damaged file, or with <c>Module.load</c>.
/// Keras's <c>.keras</c>/<c>.h5</c> extension rules do not apply; we suggest <c>.bin</c>. With
/// <see cref="Format"/> = <see cref="CheckpointFormat.Safetensors"/>, files hold the weights only, as safetensors (PyTorch's
/// <c>safetensors.torch.load_file</c> reads them), and their names end in <c>.safetensors</c>.
/// Every file is written to a temporary file in the same folder and renamed over the target, so a crash never
/// leaves a half-written checkpoint.
/// </para>
/// </remarks>
/// <example><code>[ModelCheckpoint("checkpoints/net-{epoch:02d}-{val_loss:.3f}.bin", Monitor = "val_loss", SaveBestOnly = true)]</code></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ModelCheckpointAttribute : MonitorAttribute, ICallbackSettings
{
    private int? _saveFrequency;

    /// <summary>Creates the attribute.</summary>
    /// <param name="filePath">Where to save: a path template with Python format placeholders (<c>{epoch:02d}</c>, <c>{val_loss:.3f}</c>).</param>
    public ModelCheckpointAttribute(string filePath) => FilePath = filePath;

    /// <summary>Where to save: a path template with Python format placeholders.</summary>
    public string FilePath { get; }

    /// <summary>Save only when the monitored metric improved on the best value so far (ties do not save); <see cref="MonitorAttribute.Monitor"/> says which.</summary>
    public bool SaveBestOnly { get; set; }

    /// <summary>Save the module's weights only, without the optimizer's state.</summary>
    public bool SaveWeightsOnly { get; set; }

    /// <summary>
    /// The files' format: TorchSharp's (the default), or <see cref="CheckpointFormat.Safetensors"/>, which PyTorch reads
    /// (weights only, so it needs <see cref="SaveWeightsOnly"/>; file names ending in <c>.safetensors</c>). Checked at
    /// compile time against the file names (DCB0048).
    /// </summary>
    public CheckpointFormat Format { get; set; }

    /// <summary>
    /// Save every this many training batches (counted across epochs, as in Keras) instead of at the end of each epoch.
    /// Leave unset to save at epoch ends. Batch-level saves see running training metrics only (no <c>val_*</c>).
    /// </summary>
    public int SaveFrequency
    {
        get => _saveFrequency ?? 0;
        set => _saveFrequency = value;
    }

    /// <summary>The initial "best" value for <see cref="SaveBestOnly"/>; <see cref="double.NaN"/> (the default) means none.</summary>
    public double InitialValueThreshold { get; set; } = double.NaN;

    /// <summary>Print a line for each save and each non-improving epoch.</summary>
    public bool Verbose { get; set; }

    /// <summary>Whether files are saved every <see cref="SaveFrequency"/> batches rather than at epoch ends.</summary>
    /// <summary>
    /// Keep only the k best files by the monitored value (Lightning's <c>save_top_k</c>); 0 (the default) keeps every
    /// file saved, as Keras does. A file leaves the k best only after the one that displaced it is complete on disk,
    /// and the best is never deleted. The files kept are listed in <c>checkpoints.json</c> beside them.
    /// </summary>
    public int SaveTopK { get; set; }

    /// <summary>
    /// A file (fixed name, no placeholders but <c>{model}</c>) that holds the latest state: written at every epoch end
    /// and at every save, whether or not the ranking keeps that save (Lightning's <c>save_last</c>).
    /// </summary>
    public string? LastFilePath { get; set; }

    /// <summary>Save to <see cref="LastFilePath"/> also when the run is cancelled (Ctrl+C, a signal) or fails with an exception.</summary>
    public bool SaveOnInterrupt { get; set; }

    /// <summary>
    /// Also save when this much training time has passed since the last save (checked at batch ends; Lightning's
    /// <c>train_time_interval</c>), as <c>"hh:mm:ss"</c>. A save that needs a <c>val_*</c> value waits for that epoch's
    /// validation. Unset: no saves on time.
    /// </summary>
    public string? SaveInterval { get; set; }

    internal bool IsBatchLevel => _saveFrequency is > 0;

    /// <summary>The interval of time-triggered saves, or null.</summary>
    internal TimeSpan? Interval => DurationText.Parse(SaveInterval);

    /// <summary>Whether the callback keeps <c>checkpoints.json</c>, the list of the files it keeps.</summary>
    internal bool HasManifest => SaveTopK > 0 || LastFilePath is not null;

    /// <summary>
    /// The settings that contradict each other or the file name (the ranking's and the last file's rules); reported at
    /// compile time as DCB0046 and refused by the callback's constructor.
    /// </summary>
    internal IEnumerable<SettingProblem?> Conflicts()
    {
        yield return SettingProblem.Unless(SaveTopK == 0 || IsMonitorSet, nameof(SaveTopK), SaveTopK, "SaveTopK keeps the k best files by the monitored value; say which value with Monitor (for example Monitor = \"val_loss\")");
        yield return SettingProblem.Unless(SaveTopK == 0 || !SaveBestOnly, nameof(SaveBestOnly), SaveBestOnly, "SaveTopK already keeps only the best files; remove SaveBestOnly (SaveTopK = 1 keeps the best one)");
        yield return SettingProblem.Unless(SaveTopK <= 1 || Placeholders(FilePath).Any(), nameof(SaveTopK), SaveTopK, "each of the k best files needs a name of its own; put {epoch} (or {batch}, or a metric) in the file name");
        yield return SettingProblem.Unless(LastFilePath is null || (LastFilePath.Trim().Length > 0 && !Placeholders(LastFilePath).Any()), nameof(LastFilePath), LastFilePath, "the last file keeps one name: give a file name without placeholders (only {model} is allowed)");
        yield return SettingProblem.Unless(LastFilePath is null || LastFilePath != FilePath, nameof(LastFilePath), LastFilePath, "the last file must differ from the checkpoints' file name");
        yield return SettingProblem.Unless(!SaveOnInterrupt || LastFilePath is not null, nameof(SaveOnInterrupt), SaveOnInterrupt, "an interrupted run is saved to the last file; set LastFilePath");
        yield return SettingProblem.Unless(Format != CheckpointFormat.Safetensors || SaveWeightsOnly, nameof(Format), Format, "a safetensors file holds weights only, not the optimizer's state; set SaveWeightsOnly = true (resume a run from BackupAndRestore's files), or keep the TorchSharp format to save the optimizer's state too");
    }

    /// <summary>
    /// The file names whose extension disagrees with <see cref="Format"/> (<c>.safetensors</c> for safetensors files, and
    /// only for them); reported at compile time as DCB0048 and refused by the callback's constructor.
    /// </summary>
    internal IEnumerable<SettingProblem?> FormatConflicts()
    {
        yield return FormatConflict(nameof(FilePath), FilePath);
        yield return LastFilePath is null ? null : FormatConflict(nameof(LastFilePath), LastFilePath);
    }

    private SettingProblem? FormatConflict(string setting, string? path)
    {
        var named = path is not null && path.EndsWith(SafetensorsExtension, StringComparison.OrdinalIgnoreCase);
        if (Format == CheckpointFormat.Safetensors)
            return SettingProblem.Unless(named, setting, path, $"Format = CheckpointFormat.Safetensors writes safetensors files, whose names end in {SafetensorsExtension} (what PyTorch and Hugging Face tools look for); end the name with {SafetensorsExtension}");
        return SettingProblem.Unless(!named, setting, path, $"the name ends in {SafetensorsExtension}, but the file would hold TorchSharp's format (Format is CheckpointFormat.TorchSharp, the default), which safetensors readers refuse; set Format = CheckpointFormat.Safetensors and SaveWeightsOnly = true, or end the name with .bin");
    }

    // The extension of safetensors files (Declarative.IO.Safetensors.Extension, which the generator cannot see).
    private const string SafetensorsExtension = ".safetensors";

    // The placeholders of a template but {model}; none when it does not parse (the file-name checks report that).
    private static IEnumerable<string> Placeholders(string? template) =>
        template is null ? [] : PathTemplate.TryParse(PathTemplate.WithoutModel(template), out _, out _)?.Where(s => s.IsPlaceholder).Select(s => s.Text) ?? [];

    IEnumerable<Setting?> ICallbackSettings.Settings()
    {
        var defaults = new ModelCheckpointAttribute(FilePath);
        yield return Setting.Positional(nameof(FilePath), FilePath);
        yield return SaveBestOnly ? Setting.Named(nameof(Monitor), Monitor) : Setting.IfChanged(nameof(Monitor), Monitor, defaults.Monitor);
        yield return Setting.IfChanged(nameof(Mode), Mode, defaults.Mode);
        yield return Setting.IfChanged(nameof(SaveBestOnly), SaveBestOnly, defaults.SaveBestOnly);
        yield return Setting.IfChanged(nameof(SaveWeightsOnly), SaveWeightsOnly, defaults.SaveWeightsOnly);
        yield return Setting.IfChanged(nameof(Format), Format, defaults.Format);
        yield return Setting.IfChanged(nameof(SaveFrequency), _saveFrequency, defaults._saveFrequency);
        yield return Setting.IfChanged(nameof(InitialValueThreshold), InitialValueThreshold, defaults.InitialValueThreshold);
        yield return Setting.IfChanged(nameof(Verbose), Verbose, defaults.Verbose);
        yield return Setting.IfChanged(nameof(SaveTopK), SaveTopK, defaults.SaveTopK);
        yield return Setting.IfChanged(nameof(LastFilePath), LastFilePath, defaults.LastFilePath);
        yield return Setting.IfChanged(nameof(SaveOnInterrupt), SaveOnInterrupt, defaults.SaveOnInterrupt);
        yield return Setting.IfChanged(nameof(SaveInterval), DurationText.Canonical(SaveInterval), defaults.SaveInterval);
    }

    IEnumerable<SettingProblem?> ICallbackSettings.Problems()
    {
        yield return SettingProblem.Unless(_saveFrequency is null or >= 1, nameof(SaveFrequency), SaveFrequency, "it is a number of batches ≥ 1; leave it unset to save at the end of each epoch");
        yield return SettingProblem.Unless(!double.IsInfinity(InitialValueThreshold), nameof(InitialValueThreshold), InitialValueThreshold, "it must be a finite number (or NaN for none)");
        yield return SettingProblem.Unless(SaveTopK >= 0, nameof(SaveTopK), SaveTopK, "it is a number of files ≥ 1, or 0 to keep every file");
        yield return SettingProblem.Unless(SaveInterval is null || Interval is not null, nameof(SaveInterval), SaveInterval, "it is a duration: " + DurationText.Expected);
        yield return SettingProblem.Unless(Interval is null || Interval > TimeSpan.Zero, nameof(SaveInterval), SaveInterval, "the interval must be longer than zero");
    }
}
