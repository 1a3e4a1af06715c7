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
/// <param name="Callbacks">The declared callbacks, in the order they run (the order of <see cref="Callbacks.CallbackKinds.All"/>, then of declaration).</param>
/// <param name="Step">How it trains: its steps, batches and optimizers.</param>
/// <param name="Root">For a model derived from a model, the topmost one (qualified), whose logs type, step and Fit core it shares; null otherwise.</param>
/// <param name="RootLogsType">That root's logs type (qualified), or null.</param>
/// <param name="IsSealed">Whether the class is sealed (no model can derive from it: Fit needs no virtual core).</param>
/// <param name="Options">The options Fit takes (the runtime's <c>FitOptions</c>), in order.</param>
internal sealed record ModelSpec(
    string Namespace,
    string Name,
    string Accessibility,
    EquatableArray<string> ContainingTypes,
    EquatableArray<MetricSpec> Metrics,
    EquatableArray<CallbackSpec> Callbacks,
    StepSpec Step,
    string? Root,
    string? RootLogsType,
    bool IsSealed,
    EquatableArray<OptionSpec> Options)
{
    public string LogsName => RootLogsType is { } root ? root.Substring(root.LastIndexOf('.') + 1) : Name + "Logs";

    /// <summary>Whether the model derives from another model (and so shares its logs type and step).</summary>
    public bool IsDerived => Root is not null;

    /// <summary>The model's type, qualified: <c>global::Demo.Outer.Net</c>.</summary>
    public string Type => "global::" + Scope + Name;

    /// <summary>The logs type, qualified: <c>global::Demo.Outer.NetLogs</c>.</summary>
    public string LogsType => RootLogsType ?? "global::" + Scope + LogsName;

    /// <summary>The model as the plan names it: <c>Demo.Net</c> (its namespace, not its containing types).</summary>
    public string FullName => (Namespace.Length == 0 ? string.Empty : Namespace + ".") + Name;

    /// <summary>A deterministic, unique file name for one part of the generated code: <c>Namespace.Outer.Name.Fit.g.cs</c>.</summary>
    public string HintName(string part) => Scope + Name + "." + part + ".g.cs";

    // "Demo.Outer." for a model nested in Outer in namespace Demo.
    private string Scope
    {
        get
        {
            var scope = Namespace.Length == 0 ? string.Empty : Namespace + ".";
            foreach (var declaration in ContainingTypes) scope += declaration.Substring(declaration.LastIndexOf(' ') + 1) + ".";
            return scope;
        }
    }
}
