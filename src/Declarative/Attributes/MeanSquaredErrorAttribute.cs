// Shared by the runtime library and the source generator (linked into both), so it stays netstandard2.0-compatible.
#nullable enable

using System;

namespace Declarative;

/// <summary>
/// Adds the <c>mean_squared_error</c> metric (and <c>val_mean_squared_error</c>): the mean of
/// <c>(output - target)²</c> over all elements of the epoch. Minimised.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class MeanSquaredErrorAttribute : Attribute
{
}
