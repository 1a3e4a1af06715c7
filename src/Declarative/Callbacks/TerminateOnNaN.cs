using System;
using System.IO;
using Declarative.Training;

namespace Declarative.Callbacks;

/// <summary>
/// Keras's <c>TerminateOnNaN</c>: after each training batch, checks the running loss; when it is NaN or infinite,
/// stops training gracefully (the rest of the epoch's batches are skipped, validation and the epoch-end hooks still
/// run, <c>OnTrainEnd</c> gets <see cref="TrainingEndReason.Diverged"/>) or, with <c>RaiseError</c>, throws.
/// </summary>
/// <remarks>Reading the running loss is a device synchronisation per batch; it happens only when this callback is configured.</remarks>
public sealed class TerminateOnNaN : IOnTrainBegin, IOnTrainBatchEnd, IPersistentState
{
    private TrainingSession? _session;

    /// <summary>Creates the callback.</summary>
    /// <param name="settings">Its settings, as the attribute takes them; the defaults when null.</param>
    public TerminateOnNaN(TerminateOnNaNAttribute? settings = null)
    {
        settings ??= new();
        CallbackSettings.Check(settings);
        Description = SettingsText.Describe(settings);
        RaiseError = settings.RaiseError;
    }

    /// <summary>The callback's configuration, as its attribute would be written (in <see cref="TrainingEnd.StoppedBy"/>).</summary>
    public string Description { get; }

    /// <summary>Whether a non-finite loss throws instead of stopping gracefully.</summary>
    public bool RaiseError { get; }

    /// <summary>The 0-based epoch and batch at which the loss stopped being finite in this run, if it did.</summary>
    public (int Epoch, int Batch)? TerminatedAt { get; private set; }

    private TrainingSession Session => _session ?? throw new InvalidOperationException($"{Description}: call OnTrainBegin first.");

    /// <summary>Starts a run.</summary>
    public void OnTrainBegin(TrainingSession session)
    {
        _session = session;
        TerminatedAt = null;
    }

    /// <summary>Reads the running loss and asks the run to stop, as diverged, when it is not finite.</summary>
    /// <exception cref="NonFiniteLossException">The loss is not finite and <see cref="RaiseError"/> is set.</exception>
    public void OnTrainBatchEnd(int batch)
    {
        if (IsNonFinite(Session.Epoch, batch, Session.ReadRunningLoss())) Session.RequestStop(Description, TrainingEndReason.Diverged);
    }

    /// <summary>The decision after a batch (what <see cref="OnTrainBatchEnd"/> acts on): true when training must stop.</summary>
    /// <exception cref="NonFiniteLossException">The loss is not finite and <see cref="RaiseError"/> is set.</exception>
    public bool IsNonFinite(int epoch, int batch, double loss)
    {
        if (double.IsFinite(loss)) return false;
        TerminatedAt = (epoch, batch);
        if (RaiseError) throw new NonFiniteLossException(batch, loss);
        Session.Output.WriteLine($"Batch {batch}: Invalid loss, terminating training");
        return true;
    }

    /// <summary>Writes the per-run state, for a backup.</summary>
    public void SaveState(BinaryWriter writer)
    {
        writer.Write(TerminatedAt.HasValue);
        writer.Write(TerminatedAt?.Epoch ?? 0);
        writer.Write(TerminatedAt?.Batch ?? 0);
    }

    /// <summary>Reads back what <see cref="SaveState"/> wrote.</summary>
    public void LoadState(BinaryReader reader)
    {
        var terminated = reader.ReadBoolean();
        var epoch = reader.ReadInt32();
        var batch = reader.ReadInt32();
        TerminatedAt = terminated ? (epoch, batch) : null;
    }
}

/// <summary>The training loss became NaN or infinite (thrown by <see cref="TerminateOnNaN"/> with <c>RaiseError</c>).</summary>
public sealed class NonFiniteLossException : ArithmeticException
{
    /// <summary>Creates the exception.</summary>
    public NonFiniteLossException(int batch, double loss)
        : base($"NaN or Inf loss encountered at batch {batch}. Loss value: {Formatting.PythonFormat.Repr(loss)}. Terminating training immediately.")
    {
        Batch = batch;
        Loss = loss;
    }

    /// <summary>The 0-based batch of the epoch.</summary>
    public int Batch { get; }

    /// <summary>The running loss.</summary>
    public double Loss { get; }
}
