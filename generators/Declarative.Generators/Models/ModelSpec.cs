using Declarative.Generators.Helpers;

namespace Declarative.Generators.Models;

/// <summary>
/// Everything the emitter needs to know about one annotated model, as plain equatable values
/// (no symbols or syntax survive the parser, so the incremental pipeline can cache it).
/// </summary>
/// <param name="Namespace">The model's namespace, empty for the global namespace.</param>
/// <param name="Name">The model class's name.</param>
/// <param name="Accessibility">The model's accessibility keywords (<c>public</c>), reused for its logs type.</param>
/// <param name="ContainingTypes">Declarations of the types the model is nested in, outermost first (<c>partial class Outer</c>).</param>
/// <param name="Metrics">The training metrics, <c>loss</c> first.</param>
internal sealed record ModelSpec(
    string Namespace,
    string Name,
    string Accessibility,
    EquatableArray<string> ContainingTypes,
    EquatableArray<MetricSpec> Metrics,
    LearningRateSchedulerSpec? LearningRateScheduler,
    ReduceLROnPlateauSpec? ReduceLROnPlateau,
    TerminateOnNaNSpec? TerminateOnNaN,
    EquatableArray<EarlyStoppingSpec> EarlyStoppings,
    EquatableArray<ModelCheckpointSpec> ModelCheckpoints,
    EquatableArray<UserCallbackSpec> UserCallbacks,
    EquatableArray<HookSpec> Hooks,
    EquatableArray<CsvLoggerSpec> CsvLoggers,
    EquatableArray<TensorBoardSpec> TensorBoards,
    BackupAndRestoreSpec? BackupAndRestore)
{
    public string LogsName => Name + "Logs";

    /// <summary>A deterministic, unique file name: <c>Namespace.Outer.Name.Callbacks.g.cs</c>.</summary>
    public string HintName
    {
        get
        {
            var prefix = Namespace.Length == 0 ? string.Empty : Namespace + ".";
            foreach (var declaration in ContainingTypes) prefix += declaration.Substring(declaration.LastIndexOf(' ') + 1) + ".";
            return prefix + Name + ".Callbacks.g.cs";
        }
    }
}
