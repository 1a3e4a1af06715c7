using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Declarative.Callbacks;

/// <summary>One checkpoint file the ranking keeps.</summary>
/// <param name="Path">The file, as the run names it.</param>
/// <param name="Epoch">The 0-based epoch it was saved in.</param>
/// <param name="Batch">The 0-based batch it was saved after, for a save within an epoch; null at an epoch end.</param>
/// <param name="Step">The run's optimizer steps when it was saved.</param>
/// <param name="Value">The monitored value it was ranked by.</param>
public sealed record RankedCheckpoint(string Path, int Epoch, int? Batch, long Step, double Value);

/// <summary>
/// The k best checkpoints by a monitored value (Lightning's <c>save_top_k</c>), best first: which save to write, and
/// which file leaves the ranking once it is written.
/// </summary>
/// <remarks>
/// A save enters while fewer than k are kept, or when it is strictly better than the worst kept (ties keep the older
/// file, as Lightning does); the worst then leaves. NaN never enters. A save to a file already kept replaces it, whatever
/// its value, since the file is overwritten. The file that leaves is never the best: with k ≥ 1 it is the worst of k + 1.
/// </remarks>
public sealed class CheckpointRanking
{
    private readonly List<RankedCheckpoint> _kept = [];
    private readonly ImprovementCheck _check;

    /// <summary>Creates an empty ranking.</summary>
    /// <param name="k">How many files to keep (≥ 1).</param>
    /// <param name="direction">Whether smaller or larger values are better.</param>
    public CheckpointRanking(int k, MetricDirection direction)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        K = k;
        _check = new ImprovementCheck(direction);
    }

    /// <summary>How many files are kept.</summary>
    public int K { get; }

    /// <summary>Whether smaller or larger values are better.</summary>
    public MetricDirection Direction => _check.Direction;

    /// <summary>The files kept, best first.</summary>
    public IReadOnlyList<RankedCheckpoint> Kept => _kept;

    /// <summary>Decides whether <paramref name="candidate"/> is written, and updates the ranking as if it were.</summary>
    /// <param name="candidate">The save about to happen.</param>
    /// <param name="leaving">The file to delete once the candidate is complete on disk, or null.</param>
    /// <returns>Whether to write the candidate.</returns>
    public bool Offer(RankedCheckpoint candidate, out string? leaving)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        leaving = null;
        var same = _kept.FindIndex(kept => SameFile(kept.Path, candidate.Path));
        if (same >= 0) _kept.RemoveAt(same);
        else if (double.IsNaN(candidate.Value)) return false;
        else if (_kept.Count >= K)
        {
            var worst = _kept[^1];
            if (!_check.IsImprovement(candidate.Value, worst.Value)) return false;
            _kept.RemoveAt(_kept.Count - 1);
            leaving = worst.Path;
        }

        var at = _kept.FindIndex(kept => _check.IsImprovement(candidate.Value, kept.Value));
        _kept.Insert(at < 0 ? _kept.Count : at, candidate);
        return true;
    }

    /// <summary>Replaces what is kept (on resume), best first, dropping files that no longer exist.</summary>
    public void Load(IEnumerable<RankedCheckpoint> kept)
    {
        _kept.Clear();
        foreach (var entry in kept.Where(entry => File.Exists(entry.Path)).Take(K)) _kept.Add(entry);
    }

    /// <summary>Forgets every file (a new run).</summary>
    public void Clear() => _kept.Clear();

    private static bool SameFile(string a, string b) => string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
}
