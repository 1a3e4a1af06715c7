namespace Declarative;

/// <summary>
/// One layer of a <see cref="ModelSummary"/>: a submodule of the model, by its dotted name, with the parameters it holds
/// (its own and its submodules', a parameter registered twice in it counted once).
/// </summary>
/// <param name="Name">Its dotted name in the model (<c>encoder</c>, <c>blocks.0.attention</c>), as <c>named_modules()</c> gives it.</param>
/// <param name="Type">Its type's name (<c>Linear</c>, <c>Sequential</c>, a class of yours).</param>
/// <param name="Depth">How deep it is: 1 for the model's children, 2 for theirs, ...</param>
/// <param name="Parameters">The elements of its parameters.</param>
/// <param name="Trainable">Those of parameters that require gradients.</param>
/// <param name="Bytes">The memory its parameters take: elements × the size of their element type.</param>
public sealed record LayerSummary(string Name, string Type, int Depth, long Parameters, long Trainable, long Bytes)
{
    /// <summary>The elements of its frozen parameters (those that do not require gradients).</summary>
    public long NonTrainable => Parameters - Trainable;
}
