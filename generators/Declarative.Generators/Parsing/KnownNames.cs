namespace Declarative.Generators.Parsing;

/// <summary>
/// Fully qualified names of the runtime's and TorchSharp's types the parser recognises. (The attributes are compiled
/// into the generator from the runtime's sources, so their names come from their types: see <see cref="Callbacks.CallbackKinds"/>.)
/// </summary>
internal static class KnownNames
{
    public const string Module = "TorchSharp.torch.nn.Module<T, TResult>";
    public const string Tensor = "TorchSharp.torch.Tensor";
    public const string TrainingSession = "Declarative.Training.TrainingSession";
    public const string TrainingEnd = "Declarative.TrainingEnd";

    // The hook interfaces of user-defined callbacks (generic ones by their definition).
    public const string IOnTrainBegin = "Declarative.IOnTrainBegin";
    public const string IOnEpochBegin = "Declarative.IOnEpochBegin";
    public const string IOnTrainBatchBegin = "Declarative.IOnTrainBatchBegin";
    public const string IOnTrainBatchEnd = "Declarative.IOnTrainBatchEnd";
    public const string IOnTrainBatchEndWithLogs = "Declarative.IOnTrainBatchEnd<TLogs>";
    public const string IOnEpochEnd = "Declarative.IOnEpochEnd<TLogs>";
    public const string IOnTrainEnd = "Declarative.IOnTrainEnd";
    public const string IOnTestBegin = "Declarative.IOnTestBegin";
    public const string IOnTestBatchBegin = "Declarative.IOnTestBatchBegin";
    public const string IOnTestBatchEnd = "Declarative.IOnTestBatchEnd";
    public const string IOnTestEnd = "Declarative.IOnTestEnd<TLogs>";
    public const string IOnPredictBegin = "Declarative.IOnPredictBegin";
    public const string IOnPredictBatchBegin = "Declarative.IOnPredictBatchBegin";
    public const string IOnPredictBatchEnd = "Declarative.IOnPredictBatchEnd";
    public const string IOnPredictEnd = "Declarative.IOnPredictEnd";
    public const string IPersistentState = "Declarative.IPersistentState";
}
