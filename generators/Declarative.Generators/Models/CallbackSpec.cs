using Declarative.Generators.Helpers;
using Declarative.Training;

namespace Declarative.Generators.Models;

/// <summary>
/// One declared callback, validated: what every kind has. Each kind (<c>Callbacks/</c>) derives its own record with
/// what its emitter needs; all are plain equatable values, so the incremental pipeline can tell that nothing changed.
/// </summary>
/// <param name="Property">Its property on the model's <c>Callbacks</c> (<c>EarlyStopping</c>, <c>EarlyStopping2</c>) and its backup section.</param>
/// <param name="Description">Its canonical text (<c>[EarlyStopping(Monitor = "val_loss", Patience = 3)]</c>): the same for every way of writing the same configuration.</param>
/// <param name="Settings">Its attribute's settings as C# code, for the generated construction.</param>
internal abstract record CallbackSpec(string Property, string Description, EquatableArray<SettingCode> Settings)
{
    /// <summary>
    /// The hooks its runtime type handles (every hook interface the type implements, whatever the declared settings use,
    /// so that a run constructing it with other settings is never half-wired); empty for a hook method.
    /// </summary>
    public EquatableArray<HookCall> Hooks { get; init; } = EquatableArray<HookCall>.Empty;

    /// <summary>Whether its runtime type implements <c>IPersistentState</c>: its state then goes into backups.</summary>
    public bool IsPersistent { get; init; }
}

/// <summary>A hook a callback's type handles: the hook, how many of its parameters the method takes, and how it is called.</summary>
/// <param name="Arity">The number of the hook's parameters its method takes (which interface of the hook it implements).</param>
/// <param name="ThroughInterface">Whether it is called through the interface (an explicit implementation) rather than directly.</param>
internal sealed record HookCall(TrainingHook Hook, int Arity, bool ThroughInterface);

/// <summary>A setting of a callback's attribute as C# code: <c>Patience</c> = <c>3</c>.</summary>
/// <param name="IsPositional">Whether it is a constructor argument rather than a named one.</param>
internal sealed record SettingCode(string Name, string Code, bool IsPositional);

/// <summary>When a hook or user callback runs: every N-th epoch or batch (counted from 1), from a 0-based epoch.</summary>
internal sealed record FilterSpec(int EveryEpochs, int EveryBatches, int FromEpoch)
{
    public static readonly FilterSpec Always = new(1, 1, 0);

    public bool FiltersBatches => EveryBatches > 1;
}
