using System.Linq;
using Declarative.Generators.Models;

namespace Declarative.Generators.Emitting;

/// <summary>
/// Emits the model's <c>FindLearningRate</c> (Lightning's <c>lr_find</c>): its training step over a sweep of rates, with
/// the model, the optimizer and the random generator put back after, and no callback called. A step that takes several
/// optimizers gets a method that does not compile, saying why: the sweep sets one optimizer's rate, as Lightning's.
/// </summary>
/// <remarks>A derived model runs its root's step, and the sweep calls no hook, so it inherits its root's method.</remarks>
internal static class LearningRateFinderEmitter
{
    private const string Result = "global::Declarative.LearningRateFinderResult";
    private const string Options = "global::Declarative.LearningRateFinderOptions? options = null";

    public static void Emit(ModelSpec model, CodeWriter writer)
    {
        if (model.IsDerived) return;
        var step = model.Step;
        var data = step.IsDefault && step.Inputs.Count == 1 ? "global::Declarative.TrainingData" : $"global::Declarative.TrainingData<{step.BatchType}>";
        var optimizers = step.OptimizesItself ? step.Optimizers.Select(o => (o.Type, o.Name)).ToList() : [("global::TorchSharp.torch.optim.Optimizer", "optimizer")];
        var parameters = new[] { $"{data} train" }.Concat(optimizers.Select(o => $"{o.Type} {o.Name}")).Concat(step.IsDefault ? ["global::Declarative.LossFunction loss"] : []).Append(Options);
        writer.Line();
        if (optimizers.Count > 1)
        {
            WriteRefusal(model, writer, parameters, string.Join(", ", optimizers.Select(o => o.Name)));
            return;
        }

        var (_, name) = optimizers[0];
        writer.Line("/// <summary>");
        writer.Line("/// Finds a learning rate to start training from (Lightning's <c>lr_find</c>): a short sweep of optimizer steps at");
        writer.Line($"/// rates rising exponentially, with {(step.IsDefault ? "the default step" : step.TrainMethod)} as Fit runs it; then the model, the optimizer and the random generator");
        writer.Line("/// are put back exactly as they were. No callback runs. The suggestion is the rate where the smoothed loss falls fastest.");
        writer.Line("/// </summary>");
        writer.Line($"/// <param name=\"train\">The training batches{(step.IsDefault ? string.Empty : $", as {step.TrainMethod} takes them")}; passed over again as often as the sweep needs.</param>");
        writer.Line($"/// <param name=\"{name}\">The optimizer whose rate is swept{(step.OptimizesItself ? $" ({step.TrainMethod} takes it as <c>{name}</c>)" : string.Empty)}; its state is put back after.</param>");
        if (step.IsDefault) writer.Line("/// <param name=\"loss\">The loss, as Fit takes it.</param>");
        writer.Line("/// <param name=\"options\">The range of rates, the steps, the early stop, and whether to apply the suggestion (Lightning's defaults when null).</param>");
        writer.Line("/// <returns>The rate and the loss of each step, and the suggested rate; <c>SavePlot</c> draws the curve.</returns>");
        writer.Line($"public {Result} FindLearningRate(");
        WriteParameters(writer, parameters);
        var stepArguments = string.Join(", ", new[] { "this" }.Concat(step.IsDefault ? ["loss"] : []).Concat(step.Optimizers.Select(o => o.Name)));
        writer.Line($"    => global::Declarative.Training.LearningRateFinder.Run<StepDispatcher, {step.BatchType}>(this, new StepDispatcher({stepArguments}), train, ({Code.Literal(name)}, {name}), options);");
    }

    // The call fails to compile, with the reason, rather than being missing: "does not contain a definition" would not say why.
    private static void WriteRefusal(ModelSpec model, CodeWriter writer, System.Collections.Generic.IEnumerable<string> parameters, string names)
    {
        var summary = $"{model.Name}'s training step {model.Step.TrainMethod} takes several optimizers ({names}); the learning-rate finder sweeps one optimizer's rate and reads the step's one loss, as Lightning's lr_find does.";
        var reason = summary + " Find a rate for each part with a model whose step takes one optimizer, or sweep in a loop of your own with a LearningRateSweep.";
        writer.Line("/// <summary>Not available: " + Code.Xml(summary) + "</summary>");
        writer.Line($"[global::System.Obsolete({Code.Literal(reason)}, error: true)]");
        writer.Line(Code.EditorHidden);
        writer.Line($"public {Result} FindLearningRate(");
        WriteParameters(writer, parameters);
        writer.Line($"    => throw new global::System.NotSupportedException({Code.Literal(reason)});");
    }

    private static void WriteParameters(CodeWriter writer, System.Collections.Generic.IEnumerable<string> parameters)
    {
        var list = parameters.ToList();
        using (writer.Indented())
        {
            for (var i = 0; i < list.Count; i++) writer.Line(list[i] + (i < list.Count - 1 ? "," : ")"));
        }
    }
}
