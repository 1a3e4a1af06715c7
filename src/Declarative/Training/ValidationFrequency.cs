using System;
using System.Collections.Generic;
using System.Linq;

namespace Declarative;

/// <summary>
/// When <c>Fit</c> validates, as Keras's <c>validation_freq</c>: after every N-th epoch (an <c>int</c>), or after the
/// epochs listed (an <c>int[]</c>); both count epochs from 1, as Keras and the progress display do. The default is
/// after every epoch.
/// </summary>
/// <example><c>validationFrequency: 3</c> validates after epochs 3, 6, 9, ...; <c>validationFrequency: new[] { 1, 2, 10 }</c> after those three.</example>
public readonly struct ValidationFrequency : IEquatable<ValidationFrequency>
{
    private readonly int _every;
    private readonly int[]? _epochs;

    private ValidationFrequency(int every, int[]? epochs)
    {
        _every = every;
        _epochs = epochs;
    }

    /// <summary>After every N-th epoch (1: every epoch).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="every"/> is below 1.</exception>
    public static ValidationFrequency Every(int every) => every >= 1
        ? new(every, null)
        : throw new ArgumentOutOfRangeException(nameof(every), every, "validationFrequency is the number of epochs between validations: 1 (every epoch, the default) or more, or a list of the epochs to validate after.");

    /// <summary>After the epochs listed, counted from 1.</summary>
    /// <exception cref="ArgumentException">The list is empty or holds an epoch below 1.</exception>
    public static ValidationFrequency After(IEnumerable<int> epochs)
    {
        ArgumentNullException.ThrowIfNull(epochs);
        var list = epochs.Distinct().Order().ToArray();
        if (list.Length == 0 || list[0] < 1)
            throw new ArgumentException("validationFrequency lists the epochs to validate after, counted from 1 as Keras counts them (new[] { 1, 2, 10 }); the list is empty or holds an epoch below 1.", nameof(epochs));
        return new(0, list);
    }

    /// <summary>After every N-th epoch.</summary>
    public static implicit operator ValidationFrequency(int every) => Every(every);

    /// <summary>After the epochs listed, counted from 1.</summary>
    public static implicit operator ValidationFrequency(int[] epochs) => After(epochs);

    /// <summary>Whether the 0-based <paramref name="epoch"/> ends with a validation pass.</summary>
    public bool ValidatesAfter(int epoch) =>
        _epochs is { } epochs ? Array.BinarySearch(epochs, epoch + 1) >= 0 : (epoch + 1) % Math.Max(_every, 1) == 0;

    /// <inheritdoc/>
    public bool Equals(ValidationFrequency other) => Math.Max(_every, 1) == Math.Max(other._every, 1) && (_epochs ?? []).SequenceEqual(other._epochs ?? []);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ValidationFrequency other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _epochs is { } epochs ? epochs.Aggregate(17, (hash, e) => hash * 31 + e) : Math.Max(_every, 1);

    /// <summary>Keras's spelling: <c>3</c>, or <c>[1, 2, 10]</c>.</summary>
    public override string ToString() => _epochs is { } epochs ? "[" + string.Join(", ", epochs) + "]" : Math.Max(_every, 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
