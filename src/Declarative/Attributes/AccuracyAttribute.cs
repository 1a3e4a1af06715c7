// Shared by the runtime library and the source generator (linked into both), so it stays netstandard2.0-compatible.
#nullable enable

using System;

namespace Declarative;

/// <summary>
/// Adds the <c>accuracy</c> metric (and <c>val_accuracy</c>): the fraction of samples whose highest-scoring class
/// (argmax over the last dimension of the output) equals the target. Targets are class indices, or one-hot/probability
/// rows of the output's shape (then their argmax is compared). Maximised.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class AccuracyAttribute : Attribute
{
}
