using System;

namespace Declarative;

/// <summary>
/// Writes TensorBoard event files through TorchSharp's SummaryWriter (Keras's <c>TensorBoard</c>): epoch values to
/// <c>&lt;LogDirectory&gt;/train</c> and <c>/validation</c>, optionally running batch values and weight histograms.
/// Logic: <see cref="Callbacks.TensorBoard"/>.
/// </summary>
/// <example><code>[TensorBoard("runs/net/tensorboard", HistogramFrequency = 5)]</code></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class TensorBoardAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="logDirectory">The run's folder; relative to the current directory.</param>
    public TensorBoardAttribute(string logDirectory) => LogDirectory = logDirectory;

    /// <summary>The run's folder.</summary>
    public string LogDirectory { get; }

    /// <summary>Also write running batch values every this many batches (Keras's integer <c>update_freq</c>). Leave unset for epoch values only.</summary>
    public int UpdateFrequency { get; set; }

    /// <summary>Write weight histograms every this many epochs, from epoch 0 (Keras's <c>histogram_freq</c>). Leave unset for none.</summary>
    public int HistogramFrequency { get; set; }
}
