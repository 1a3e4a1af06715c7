using System;

namespace Declarative;

/// <summary>
/// Saves the model (Keras's <c>ModelCheckpoint</c>) at the end of each epoch or every <see cref="SaveFrequency"/>
/// batches, optionally only when a monitored metric improved.
/// </summary>
/// <remarks>
/// <para>
/// The file path is a template with Python format placeholders, as in Keras: <c>{epoch}</c> and <c>{batch}</c>
/// are 1-based, and every metric the model produces can be named (<c>{val_loss:.3f}</c>, <c>{epoch:02d}</c>).
/// Placeholders are checked at compile time against the metrics the model produces.
/// </para>
/// <para>
/// Files hold TorchSharp module state (<c>Module.save</c> format; load them with <c>Module.load</c> or
/// <see cref="IO.Checkpoint.Load"/>), followed by the optimizer's state unless <see cref="SaveWeightsOnly"/> is set.
/// Keras's <c>.keras</c>/<c>.h5</c> extension rules do not apply; we suggest <c>.bin</c>.
/// Every file is written to a temporary file in the same folder and renamed over the target, so a crash never
/// leaves a half-written checkpoint.
/// </para>
/// </remarks>
/// <example><code>[ModelCheckpoint("checkpoints/net-{epoch:02d}-{val_loss:.3f}.bin", Monitor = "val_loss", SaveBestOnly = true)]</code></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ModelCheckpointAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="filePath">Where to save: a path template with Python format placeholders (<c>{epoch:02d}</c>, <c>{val_loss:.3f}</c>).</param>
    public ModelCheckpointAttribute(string filePath) => FilePath = filePath;

    /// <summary>Where to save: a path template with Python format placeholders.</summary>
    public string FilePath { get; }

    /// <summary>The metric that decides what "best" is when <see cref="SaveBestOnly"/> is set. Default <c>val_loss</c>.</summary>
    public string Monitor { get; set; } = "val_loss";

    /// <summary>Save only when the monitored metric improved on the best value so far (ties do not save).</summary>
    public bool SaveBestOnly { get; set; }

    /// <summary>Save the module's weights only, without the optimizer's state.</summary>
    public bool SaveWeightsOnly { get; set; }

    /// <summary>Whether smaller or larger is better; <see cref="MonitorMode.Auto"/> takes it from the metric's declaration.</summary>
    public MonitorMode Mode { get; set; }

    /// <summary>
    /// Save every this many training batches (counted across epochs, as in Keras) instead of at the end of each epoch.
    /// Leave unset to save at epoch ends. Batch-level saves see running training metrics only (no <c>val_*</c>).
    /// </summary>
    public int SaveFrequency { get; set; }

    /// <summary>The initial "best" value for <see cref="SaveBestOnly"/>; <see cref="double.NaN"/> (the default) means none.</summary>
    public double InitialValueThreshold { get; set; } = double.NaN;

    /// <summary>Print a line for each save and each non-improving epoch.</summary>
    public bool Verbose { get; set; }
}
