namespace Declarative.Generators.Parsing;

/// <summary>
/// Fully qualified names of the runtime's and TorchSharp's types the parser recognises. (The attributes are compiled
/// into the generator from the runtime's sources, so their names come from their types: see <see cref="Callbacks.CallbackKinds"/>;
/// the hook interfaces come from <see cref="Declarative.Training.HookTable"/>.)
/// </summary>
internal static class KnownNames
{
    public const string Module = "TorchSharp.torch.nn.Module<T, TResult>";
    public const string Tensor = "TorchSharp.torch.Tensor";
    public const string TrainingSession = "Declarative.Training.TrainingSession";
    public const string TrainingEnd = "Declarative.TrainingEnd";

    public const string IPersistentState = "Declarative.IPersistentState";
}
