using System.Collections.Generic;
using System.Linq;
using Declarative.Generators.Callbacks;
using Declarative.Generators.Models;
using Declarative.Metrics;
using Declarative.Training;

namespace Declarative.Generators.Emitting;

/// <summary>
/// Emits the model's <c>DeclaredCallbacks</c> (one object per declared callback, and a switch for each, so that one run
/// can use other settings or go without a callback) and its <c>CallbackDispatcher</c>, whose hooks call the run's
/// callbacks in the planned order and which hands the loop what backups need.
/// </summary>
internal static class DispatcherEmitter
{
    public static void WriteDeclaredCallbacks(ModelSpec model, List<CallbackCode> callbacks, CodeWriter writer)
    {
        writer.Line("/// <summary>");
        writer.Line($"/// The callbacks declared by <see cref=\"{model.Name}\"/>'s attributes, each a plain object that keeps its state between runs.");
        writer.Line("/// Fit uses the model's <see cref=\"Callbacks\"/>; for one run with other settings or without some of them, pass");
        writer.Line("/// <c>callbacks: new() { EarlyStoppingEnabled = false }</c>, or a callback of your own settings in its property.");
        writer.Line("/// </summary>");
        writer.Line(Code.GeneratedCode);
        using (writer.Block($"public {ModelEmitter.Hides(model)}sealed class DeclaredCallbacks"))
        {
            writer.Line("/// <summary>Creates the declared callbacks, with their declared settings and fresh state, all switched on.</summary>");
            writer.Line("public DeclaredCallbacks()");
            writer.Line("{");
            writer.Line("}");
            foreach (var callback in Switchable(callbacks))
            {
                writer.Line();
                writer.Line($"/// <summary>{Code.Xml(callback.Description)}</summary>");
                writer.Lines($"public {callback.Type} {callback.Property} {{ get; init; }} = {callback.Construction};");
                writer.Line();
                writer.Line($"/// <summary>Whether a run calls <see cref=\"{callback.Property}\"/> (true unless switched off for a run).</summary>");
                writer.Line($"public bool {callback.Property}Enabled {{ get; init; }} = true;");
            }
        }
    }

    public static void WriteDispatcher(ModelSpec model, List<CallbackCode> callbacks, CodeWriter writer)
    {
        var modelType = model.Type;
        var logsType = model.LogsType;
        // Public (hidden from IntelliSense): the model's Driver, a public type, is a LoopDriver over it; the dispatch benchmark drives it too.
        writer.Line("/// <summary>The hooks Fit calls; each calls exactly the run's callbacks configured for it, in the planned order.</summary>");
        writer.Line("/// <remarks>Used by the generated code; not meant to be used directly.</remarks>");
        writer.Line(Code.GeneratedCode);
        writer.Line(Code.EditorHidden);
        using (writer.Block($"public {ModelEmitter.Hides(model)}struct CallbackDispatcher : global::Declarative.Training.ITrainingCallbacks<{logsType}>"))
        {
            writer.Line($"private readonly {modelType} _model;");
            writer.Line("private readonly DeclaredCallbacks _callbacks;");
            writer.Line("private readonly string[] _configuration;");
            writer.Line("private global::Declarative.Training.TrainingSession _session;");
            writer.Line();
            using (writer.Block($"public CallbackDispatcher({modelType} model, DeclaredCallbacks callbacks)"))
            {
                writer.Line("_model = model;");
                writer.Line("_callbacks = callbacks;");
                writer.Line("_configuration = Configure(callbacks);");
                writer.Line("_session = null!;");
            }

            WriteState(model, callbacks, writer);

            foreach (var hook in HookTable.All)
            {
                writer.Line();
                using (writer.Block($"public void {hook.Method}({Parameters(hook, logsType)})"))
                {
                    if (hook.Hook is TrainingHook.Setup or TrainingHook.TrainBegin) writer.Line("_session = session;");
                    foreach (var callback in callbacks)
                    {
                        var code = callback.CodeAt(hook.Hook, logsType).ToList();
                        if (code.Count == 0) continue;
                        writer.Line($"// {callback.Description}");
                        if (callback.Type is null)
                        {
                            foreach (var statement in code) writer.Line(statement);
                            continue;
                        }

                        using (writer.Block($"if (_callbacks.{callback.Property}Enabled)"))
                        {
                            foreach (var statement in code) writer.Line(statement);
                        }
                    }
                }
            }
        }
    }

    // The dispatcher's own parameters of a hook: int epoch, in global::Demo.NetLogs logs.
    private static string Parameters(HookDefinition hook, string logsType) =>
        string.Join(", ", hook.OwnParameters.Select(p => (p.IsIn ? "in " : string.Empty) + (p.Type == HookParameter.Logs ? logsType : p.Type) + " " + p.Name));

    // The callbacks with an object on DeclaredCallbacks (hook methods are the model's own code, always called).
    private static IEnumerable<CallbackCode> Switchable(List<CallbackCode> callbacks) => callbacks.Where(c => c.Type is not null);

    // What the run's state needs: the configuration a backup records, and every switched-on callback whose type keeps
    // state, a section each (named after its property).
    private static void WriteState(ModelSpec model, List<CallbackCode> callbacks, CodeWriter writer)
    {
        writer.Line();
        writer.Line("public global::System.Collections.Generic.IReadOnlyList<string> Configuration => _configuration;");
        writer.Line();
        writer.Line("// The metrics and the run's callbacks, in their canonical form (a built-in callback's from its settings): a backup");
        writer.Line("// made with other ones is not resumed silently.");
        using (writer.Block("private static string[] Configure(DeclaredCallbacks callbacks)"))
        {
            writer.Line("var lines = new global::System.Collections.Generic.List<string>");
            writer.Line("{");
            foreach (var line in FixedConfiguration(model)) writer.Line($"    {Code.Literal(line)},");
            writer.Line("};");
            foreach (var callback in callbacks)
            {
                var text = callback.Type is not null && callback.Spec is not UserCallbackSpec ? $"callbacks.{callback.Property}.Description" : Code.Literal(callback.Description);
                writer.Line(callback.Type is null ? $"lines.Add({text});" : $"if (callbacks.{callback.Property}Enabled) lines.Add({text});");
            }

            writer.Line("return lines.ToArray();");
        }

        writer.Line();
        using (writer.Block("public void AddState(global::Declarative.State.RunState state)"))
        {
            writer.Line("var callbacks = _callbacks;");
            foreach (var callback in callbacks.Where(c => c.Spec.IsPersistent)) writer.Line($"{Enabled(callback)}state.Add({Code.Literal(callback.Property)}, callbacks.{callback.Property});");
        }
    }

    private static string Enabled(CallbackCode callback) => callback.Type is null ? string.Empty : $"if (callbacks.{callback.Property}Enabled) ";

    // What does not change from run to run: the metrics (but learning_rate, which every model has) and how the model
    // trains. A backup's History holds a value per metric, so one made with other metrics is not resumed silently.
    private static IEnumerable<string> FixedConfiguration(ModelSpec model) =>
        model.Metrics.Where(m => m.Source != MetricSource.LearningRate).Select(m => $"metric {m.Name}: {m.Origin}")
            .Concat(StepConfiguration(model.Step));

    // How the model trains, when it is not the default: a backup made with another step or other gradient settings is not resumed silently.
    private static IEnumerable<string> StepConfiguration(StepSpec step)
    {
        if (!step.IsDefault) yield return $"step {step.TrainMethod}{(step.ValidationMethod is { } validation ? ", validation " + validation : string.Empty)}";
        if (step.Gradients.ClippingDescription is { } clipping) yield return clipping;
        if (step.Gradients.AccumulatedBatches > 1) yield return $"[AccumulateGradients({step.Gradients.AccumulatedBatches})]";
    }
}
