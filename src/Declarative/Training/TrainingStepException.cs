using System;

namespace Declarative;

/// <summary>
/// libtorch failed in a training or validation step (a dtype or shape mistake in the model or the loss, usually): the message says
/// where (pass, epoch, batch), what the batch held (shapes, dtypes, devices) and, for the common cases, what to change.
/// TorchSharp's own exception, with libtorch's trace, is the inner exception.
/// </summary>
public sealed class TrainingStepException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TrainingStepException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
