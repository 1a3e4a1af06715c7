using System;

namespace Declarative.Training;

/// <summary>
/// How much of the data one <c>Fit</c> call uses: Keras's <c>validation_freq</c>, <c>steps_per_epoch</c> and
/// <c>validation_steps</c>. Each epoch starts a new pass over the training data and stops after
/// <see cref="StepsPerEpoch"/> batches (or when the data ends); each validation pass stops after <see cref="ValidationSteps"/>.
/// </summary>
/// <param name="ValidationFrequency">When to validate: after every N-th epoch, or after the epochs listed, counted from 1 as Keras does (3: after epochs 3, 6, 9, ...; the 0-based epochs 2, 5, 8).</param>
/// <param name="StepsPerEpoch">The training batches of an epoch, at most, or null for the whole pass.</param>
/// <param name="ValidationSteps">The batches of a validation pass, at most, or null for the whole pass.</param>
internal sealed record RunLimits(ValidationFrequency ValidationFrequency, int? StepsPerEpoch, int? ValidationSteps)
{
    public int? StepsPerEpoch { get; } = StepsPerEpoch is null or >= 1
        ? StepsPerEpoch
        : throw new ArgumentOutOfRangeException(nameof(StepsPerEpoch), StepsPerEpoch, "stepsPerEpoch is the number of training batches of an epoch: 1 or more, or null for the whole data.");

    public int? ValidationSteps { get; } = ValidationSteps is null or >= 1
        ? ValidationSteps
        : throw new ArgumentOutOfRangeException(nameof(ValidationSteps), ValidationSteps, "validationSteps is the number of batches of a validation pass: 1 or more, or null for the whole data.");

    /// <summary>Whether the 0-based <paramref name="epoch"/> ends with a validation pass.</summary>
    public bool ValidatesAfter(int epoch) => ValidationFrequency.ValidatesAfter(epoch);

    /// <summary>The batches of an epoch, when known: the data's, capped at <see cref="StepsPerEpoch"/>.</summary>
    public long? Batches(long? batchCount) => StepsPerEpoch is int limit ? Math.Min(limit, batchCount ?? limit) : batchCount;

    /// <summary>Whether a training pass that has done <paramref name="batches"/> batches is complete.</summary>
    public bool EpochIsComplete(int batches) => batches >= StepsPerEpoch;

    /// <summary>Whether a validation pass that has done <paramref name="batches"/> batches is complete.</summary>
    public bool ValidationIsComplete(int batches) => batches >= ValidationSteps;
}
