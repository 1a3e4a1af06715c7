using System;
using System.IO;

namespace Declarative.Metrics;

/// <summary>
/// One metric's accumulation over an epoch (or a validation pass, or Evaluate), kept on the device and read to the
/// host once: each batch only adds device work. What a metric keeps is its own: a running sum and count (a mean),
/// confusion counts (precision, recall), a histogram of thresholds (AUC). Its state goes into backups, so a run resumed
/// in the middle of an epoch reads the same epoch value.
/// </summary>
public abstract class MetricAccumulator : IPersistentState, IDisposable
{
    /// <summary>How many values (samples, elements or batches, as the metric counts them) were added since the last reset.</summary>
    public abstract long Count { get; }

    /// <summary>Starts a new epoch or pass.</summary>
    public abstract void Reset();

    /// <summary>The value of everything added since the last reset (a device synchronisation); NaN when nothing was.</summary>
    public abstract double Read();

    /// <summary>Writes what was accumulated (a device synchronisation), for a backup.</summary>
    public abstract void SaveState(BinaryWriter writer);

    /// <summary>Reads back what <see cref="SaveState"/> wrote.</summary>
    public abstract void LoadState(BinaryReader reader);

    /// <summary>Frees the device state.</summary>
    public abstract void Dispose();
}
