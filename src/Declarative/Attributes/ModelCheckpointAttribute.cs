// Shared by the runtime library and the source generator (linked into both), so it stays netstandard2.0-compatible.
#nullable enable

using System;
using System.Collections.Generic;

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
/// Keras's <c>.keras</c>/<c>.h5</c> extension rules do not apply; we suggest <c>.bin</c>.
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
    internal bool IsBatchLevel => _saveFrequency is > 0;

    IEnumerable<Setting?> ICallbackSettings.Settings()
    {
        var defaults = new ModelCheckpointAttribute(FilePath);
        yield return Setting.Positional(nameof(FilePath), FilePath);
        yield return SaveBestOnly ? Setting.Named(nameof(Monitor), Monitor) : Setting.IfChanged(nameof(Monitor), Monitor, defaults.Monitor);
        yield return Setting.IfChanged(nameof(Mode), Mode, defaults.Mode);
        yield return Setting.IfChanged(nameof(SaveBestOnly), SaveBestOnly, defaults.SaveBestOnly);
        yield return Setting.IfChanged(nameof(SaveWeightsOnly), SaveWeightsOnly, defaults.SaveWeightsOnly);
        yield return Setting.IfChanged(nameof(SaveFrequency), _saveFrequency, defaults._saveFrequency);
        yield return Setting.IfChanged(nameof(InitialValueThreshold), InitialValueThreshold, defaults.InitialValueThreshold);
        yield return Setting.IfChanged(nameof(Verbose), Verbose, defaults.Verbose);
    }

    IEnumerable<SettingProblem?> ICallbackSettings.Problems()
    {
        yield return SettingProblem.Unless(_saveFrequency is null or >= 1, nameof(SaveFrequency), SaveFrequency, "it is a number of batches ≥ 1; leave it unset to save at the end of each epoch");
        yield return SettingProblem.Unless(!double.IsInfinity(InitialValueThreshold), nameof(InitialValueThreshold), InitialValueThreshold, "it must be a finite number (or NaN for none)");
    }
}
