using System;

namespace Declarative;

/// <summary>
/// A configuration that only the run can check is wrong (no validation data for a <c>val_*</c> monitor, an unusable
/// optimizer). Thrown at train begin, before the first batch, with a message that names the attribute and the fix.
/// </summary>
public sealed class TrainingConfigurationException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public TrainingConfigurationException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public TrainingConfigurationException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
