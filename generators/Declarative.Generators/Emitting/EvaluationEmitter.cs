using System.Collections.Generic;
using System.Linq;
using Declarative.Generators.Models;
using Declarative.Generators.Parsing;

namespace Declarative.Generators.Emitting;

/// <summary>
/// Emits the model's <c>Evaluate</c> (its validation step over data, returning the logs of that pass, with the test
/// hooks) and <c>Predict</c> (its forward pass over inputs, returning the outputs, with the predict hooks), their
/// tensors overloads, and the <c>ForwardDispatcher</c> that Predict calls. A model derived from a model overrides their
/// virtual cores instead, so that its hooks run also when they are called as the base type.
/// </summary>
internal static class EvaluationEmitter
{
    private const string Tensor = "global::TorchSharp.torch.Tensor";
    private const string PassParameters = "global::Declarative.ProgressMode progress = global::Declarative.ProgressMode.Auto, global::System.IO.TextWriter? output = null, global::TorchSharp.torch.Device? device = null";

    public static void Emit(ModelSpec model, CodeWriter writer)
    {
        if (model.Step.CanValidate) WriteEvaluate(model, writer);
        if (model.Step.Forward.Count is > 0 and <= 3) WritePredict(model, writer);
    }

    private static void WriteEvaluate(ModelSpec model, CodeWriter writer)
    {
        var step = model.Step;
        var data = step.IsDefault && step.Inputs.Count == 1 ? "global::Declarative.TrainingData" : $"global::Declarative.TrainingData<{step.BatchType}>";
        var stepArguments = string.Join(", ", new[] { "this" }.Concat(step.IsDefault ? ["loss"] : []).Concat(step.Optimizers.Select(_ => "null!")));
        var parameters = $"{data} data, " + (step.IsDefault ? "global::Declarative.LossFunction loss, " : string.Empty) + PassParameters;
        var arguments = "data, " + (step.IsDefault ? "loss, " : string.Empty) + "progress, output, device";
        writer.Line();
        if (!model.IsDerived)
        {
            writer.Line("/// <summary>");
            writer.Line($"/// Evaluates the model on <paramref name=\"data\"/> (Keras's <c>evaluate</c>): {(step.ValidationMethod ?? (step.IsDefault ? "the default step" : step.TrainMethod))} on every batch, in eval mode under no_grad, with the test hooks.");
            writer.Line("/// </summary>");
            writer.Line("/// <param name=\"data\">The batches to evaluate on.</param>");
            if (step.IsDefault) writer.Line("/// <param name=\"loss\">The loss, as Fit takes it.</param>");
            writer.Line("/// <param name=\"progress\">What to print: a live bar in a terminal and one line at the end (Auto), or nothing.</param>");
            writer.Line("/// <param name=\"output\">Where to print; the console by default.</param>");
            writer.Line("/// <param name=\"device\">The device to move each batch to (the model must be there already), or null to use batches where they are.</param>");
            writer.Line("/// <returns>The loss and every declared metric over the data, in their un-prefixed members (<c>Loss</c>, not <c>ValLoss</c>), as Keras's <c>evaluate</c> names them; the <c>val_*</c> members are null.</returns>");
        }

        WriteEntry(model, writer, $"{model.LogsType} {{0}}({parameters})", "Evaluate", arguments,
            "var dispatcher = new CallbackDispatcher(this, Callbacks);",
            $"return global::Declarative.Training.Evaluation.Run<CallbackDispatcher, {model.LogsType}, StepDispatcher, {step.BatchType}>(this, ref dispatcher, new StepDispatcher({stepArguments}), data, progress, output, device);");
        if (model.IsDerived) return;

        if (step.IsDefault && step.Inputs.Count <= 3)
        {
            var inputs = step.Inputs.Count == 1 ? ["inputs"] : step.Inputs.Select(Naming.ToCamelCase).ToList();
            writer.Line();
            writer.Line("/// <summary>Evaluates the model on tensors split into batches, in order (see the other overload for the parameters).</summary>");
            foreach (var input in inputs) writer.Line($"/// <param name=\"{input}\">The {(inputs.Count == 1 ? "inputs" : "values of " + input)}, samples along the first dimension.</param>");
            writer.Line("/// <param name=\"targets\">The targets.</param>");
            writer.Line("/// <param name=\"loss\">The loss, as Fit takes it.</param>");
            writer.Line("/// <param name=\"batchSize\">Samples per batch.</param>");
            writer.Line("/// <param name=\"progress\">What to print.</param>");
            writer.Line("/// <param name=\"output\">Where to print.</param>");
            writer.Line("/// <param name=\"device\">The device to move each batch to, or null.</param>");
            writer.Line($"public {model.LogsType} Evaluate(");
            using (writer.Indented())
            {
                foreach (var input in inputs) writer.Line($"{Tensor} {input},");
                writer.Line($"{Tensor} targets,");
                writer.Line("global::Declarative.LossFunction loss,");
                writer.Line("int batchSize = 32,");
                WritePassParameters(writer);
            }

            writer.Line($"    => Evaluate(global::Declarative.TrainingData.FromTensors({string.Join(", ", inputs)}, targets, batchSize, shuffle: false), loss, progress, output, device);");
        }
        else if (!step.IsDefault)
        {
            writer.Line();
            writer.Line("/// <summary>Evaluates the model on any sequence of its batches (see the other overload for the parameters).</summary>");
            writer.Line($"public {model.LogsType} Evaluate(");
            using (writer.Indented())
            {
                writer.Line($"global::System.Collections.Generic.IEnumerable<{step.BatchType}> data,");
                WritePassParameters(writer);
            }

            writer.Line($"    => Evaluate(global::Declarative.TrainingData<{step.BatchType}>.From(data), progress, output, device);");
        }
    }

    private static void WritePredict(ModelSpec model, CodeWriter writer)
    {
        var names = model.Step.Forward;
        var input = InputType(names);
        writer.Line();
        if (!model.IsDerived)
        {
            writer.Line("/// <summary>");
            writer.Line("/// The model's outputs for <paramref name=\"data\"/> (Keras's <c>predict</c>): forward on every batch, in eval mode under");
            writer.Line("/// no_grad, each batch in its own dispose scope, with the predict hooks; the outputs, concatenated along the batch");
            writer.Line("/// dimension, are the only tensors kept.");
            writer.Line("/// </summary>");
            writer.Line("/// <param name=\"data\">The batches of inputs.</param>");
            writer.Line("/// <param name=\"progress\">What to print: a live bar in a terminal and one line at the end (Auto), or nothing.</param>");
            writer.Line("/// <param name=\"output\">Where to print; the console by default.</param>");
            writer.Line("/// <param name=\"device\">The device to move each batch to (the model must be there already), where the outputs then are; or null to use batches where they are.</param>");
            writer.Line("/// <returns>The outputs, one row per sample, in the order of the data; the caller owns (disposes) them.</returns>");
        }

        WriteEntry(model, writer, $"{Tensor} {{0}}(global::Declarative.TrainingData<{input}> data, {PassParameters})", "Predict", "data, progress, output, device",
            "var dispatcher = new CallbackDispatcher(this, Callbacks);",
            $"return global::Declarative.Training.Prediction.Run<CallbackDispatcher, {model.LogsType}, ForwardDispatcher, {input}>(this, ref dispatcher, new ForwardDispatcher(this), data, progress, output, device);");
        if (model.IsDerived) return;

        var parameters = names.Count == 1 ? ["inputs"] : names.Select(Naming.ToCamelCase).ToList();
        writer.Line();
        writer.Line("/// <summary>The model's outputs for tensors split into batches, in order (see the other overload for the parameters).</summary>");
        foreach (var parameter in parameters) writer.Line($"/// <param name=\"{parameter}\">The {(parameters.Count == 1 ? "inputs" : "values of " + parameter)}, samples along the first dimension.</param>");
        writer.Line("/// <param name=\"batchSize\">Samples per batch.</param>");
        writer.Line("/// <param name=\"progress\">What to print.</param>");
        writer.Line("/// <param name=\"output\">Where to print.</param>");
        writer.Line("/// <param name=\"device\">The device to move each batch to, or null.</param>");
        writer.Line($"public {Tensor} Predict(");
        using (writer.Indented())
        {
            foreach (var parameter in parameters) writer.Line($"{Tensor} {parameter},");
            writer.Line("int batchSize = 32,");
            WritePassParameters(writer);
        }

        var split = parameters.Count == 1 ? "FromTensors(inputs, batchSize, shuffle: false)" : $"FromInputs({string.Join(", ", parameters)}, batchSize)";
        writer.Line($"    => Predict(global::Declarative.TrainingData.{split}, progress, output, device);");
    }

    /// <summary>The forward pass Predict calls on each batch (in the step's file), for a module of tensors to a tensor.</summary>
    public static void WriteForward(ModelSpec model, CodeWriter writer)
    {
        var names = model.Step.Forward;
        if (names.Count is 0 or > 3) return;
        var input = InputType(names);
        writer.Line();
        writer.Line("/// <summary>The forward pass Predict calls on each batch: <c>forward</c>, directly.</summary>");
        writer.Line("/// <remarks>Used by the generated code; not meant to be used directly.</remarks>");
        writer.Line(Code.GeneratedCode);
        writer.Line(Code.EditorHidden);
        using (writer.Block($"public readonly struct ForwardDispatcher : global::Declarative.Training.IForwardPass<{input}>"))
        {
            writer.Line($"private readonly {model.Type} _model;");
            writer.Line();
            writer.Line($"public ForwardDispatcher({model.Type} model) => _model = model;");
            writer.Line();
            var call = names.Count == 1 ? "input" : string.Join(", ", names.Select(n => "input." + n));
            writer.Line($"public {Tensor} Forward({input} input) => _model.call({call});");
            writer.Line();
            var moved = names.Count == 1 ? "input.to(device)" : "(" + string.Join(", ", names.Select(n => $"input.{n}.to(device)")) + ")";
            writer.Line($"public {input} MoveTo({input} input, global::TorchSharp.torch.Device device) => {moved};");
        }
    }

    // The pass's public method (its signature formats {0} with the name) and, unless the model is sealed, the virtual core
    // it calls, which runs the body; on a derived model, only the core's override, with the derived model's hooks.
    private static void WriteEntry(ModelSpec model, CodeWriter writer, string signature, string name, string arguments, params string[] body)
    {
        // One parameter a line, as the other generated signatures.
        signature = signature.Replace("(global::", "(\n    global::").Replace(", global::", ",\n    global::");
        var core = "__Declarative" + name;
        if (model.IsDerived)
        {
            writer.Line($"/// <summary>{name} called as {model.Root}: runs with this model's hooks.</summary>");
            writer.Line(Code.EditorHidden);
            writer.Lines($"protected override {string.Format(signature, core)}");
        }
        else if (!model.IsSealed)
        {
            writer.Lines($"public {string.Format(signature, name)}");
            writer.Line($"    => {core}({arguments});");
            writer.Line();
            writer.Line($"/// <summary>The pass behind <see cref=\"{name}\"/>: a model derived from this one runs its own hooks, also when called as this type.</summary>");
            writer.Line(Code.EditorHidden);
            writer.Lines($"protected virtual {string.Format(signature, core)}");
        }
        else
        {
            writer.Lines($"public {string.Format(signature, name)}");
        }

        writer.Line("{");
        using (writer.Indented())
        {
            foreach (var line in body) writer.Line(line);
        }

        writer.Line("}");
    }

    private static string InputType(IReadOnlyList<string> names) =>
        names.Count == 1 ? Tensor : "(" + string.Join(", ", names.Select(n => $"{Tensor} {n}")) + ")";

    private static void WritePassParameters(CodeWriter writer)
    {
        writer.Line("global::Declarative.ProgressMode progress = global::Declarative.ProgressMode.Auto,");
        writer.Line("global::System.IO.TextWriter? output = null,");
        writer.Line("global::TorchSharp.torch.Device? device = null)");
    }
}
