// Shared by the runtime library and the source generator (linked into both), so it stays netstandard2.0-compatible.
#nullable enable

using System;
using System.Collections.Generic;

namespace Declarative;

/// <summary>
/// Writes TensorBoard event files through TorchSharp's SummaryWriter (Keras's <c>TensorBoard</c>): epoch values to
/// <c>&lt;LogDirectory&gt;/train</c> and <c>/validation</c>, optionally running batch values and weight histograms.
/// The callback: <see cref="Callbacks.TensorBoard{TLogs}"/>.
/// </summary>
/// <example><code>[TensorBoard("runs/net/tensorboard", HistogramFrequency = 5)]</code></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class TensorBoardAttribute : Attribute, ICallbackSettings
{
    private int? _updateFrequency;
    private int? _histogramFrequency;

    /// <summary>Creates the attribute.</summary>
    /// <param name="logDirectory">The run's folder; relative to the current directory.</param>
    public TensorBoardAttribute(string logDirectory) => LogDirectory = logDirectory;

    /// <summary>The run's folder.</summary>
    public string LogDirectory { get; }

    /// <summary>Also write running batch values every this many batches (Keras's integer <c>update_freq</c>). Leave unset for epoch values only.</summary>
    public int UpdateFrequency
    {
        get => _updateFrequency ?? 0;
        set => _updateFrequency = value;
    }

    /// <summary>Write weight histograms every this many epochs, from epoch 0 (Keras's <c>histogram_freq</c>). Leave unset for none.</summary>
    public int HistogramFrequency
    {
        get => _histogramFrequency ?? 0;
        set => _histogramFrequency = value;
    }

    IEnumerable<Setting?> ICallbackSettings.Settings()
    {
        var defaults = new TensorBoardAttribute(LogDirectory);
        yield return Setting.Positional(nameof(LogDirectory), LogDirectory);
        yield return Setting.IfChanged(nameof(UpdateFrequency), _updateFrequency, defaults._updateFrequency);
        yield return Setting.IfChanged(nameof(HistogramFrequency), _histogramFrequency, defaults._histogramFrequency);
    }

    IEnumerable<SettingProblem?> ICallbackSettings.Problems()
    {
        yield return SettingProblem.Unless(_updateFrequency is null or >= 1, nameof(UpdateFrequency), UpdateFrequency, "it is a number of batches ≥ 1; leave it unset for epoch values only");
        yield return SettingProblem.Unless(_histogramFrequency is null or >= 1, nameof(HistogramFrequency), HistogramFrequency, "it is a number of epochs ≥ 1; leave it unset for no histograms");
    }
}
