using System;
using System.IO;

namespace Declarative.Callbacks;

/// <summary>
/// Keras's <c>TerminateOnNaN</c>: after each training batch, checks the running loss; when it is NaN or infinite,
/// stops training gracefully (the rest of the epoch's batches are skipped, validation and the epoch-end hooks still
/// run, <c>OnTrainEnd</c> gets <see cref="TrainingEndReason.Diverged"/>) or, with <c>raiseError</c>, throws.
/// </summary>
/// <remarks>Reading the running loss is a device synchronisation per batch; it happens only when this callback is configured.</remarks>
public sealed class TerminateOnNaN
{
    private TextWriter _output = TextWriter.Null;

    /// <summary>Creates the callback's logic.</summary>
    /// <param name="raiseError">Throw <see cref="NonFiniteLossException"/> instead of stopping gracefully.</param>
    public TerminateOnNaN(bool raiseError = false) => RaiseError = raiseError;

    /// <summary>Whether a non-finite loss throws instead of stopping gracefully.</summary>
    public bool RaiseError { get; }

    /// <summary>The 0-based epoch and batch at which the loss stopped being finite in this run, if it did.</summary>
    public (int Epoch, int Batch)? TerminatedAt { get; private set; }

    /// <summary>Starts a run.</summary>
    /// <param name="output">Where the termination message goes.</param>
    public void OnTrainBegin(TextWriter? output = null)
    {
        _output = output ?? TextWriter.Null;
        TerminatedAt = null;
    }

    /// <summary>Checks the running loss after a batch; returns true when training must stop.</summary>
    /// <exception cref="NonFiniteLossException">The loss is not finite and <see cref="RaiseError"/> is set.</exception>
    public bool OnTrainBatchEnd(int epoch, int batch, double loss)
    {
        if (double.IsFinite(loss)) return false;
        TerminatedAt = (epoch, batch);
        if (RaiseError) throw new NonFiniteLossException(batch, loss);
        _output.WriteLine($"Batch {batch}: Invalid loss, terminating training");
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
