using System.Collections.Generic;
using System.Linq;
using Declarative.Generators.Models;
using Declarative.Generators.Parsing;

namespace Declarative.Generators.Emitting;

/// <summary>
/// Emits the model's entry points: its <c>Callbacks</c>, <c>Fit</c> and its overloads (over tensors, over a sequence of
/// the step's batches), <c>Evaluate</c> and <c>Predict</c>, <c>FindLearningRate</c>, and <c>CreateDriver</c>. Fit's
/// options are the runtime's <c>FitOptions</c> (<see cref="ModelSpec.Options"/>): each a parameter, all carried to the loop in one record.
/// </summary>
internal static class FitEmitter
{
    public static void Emit(ModelSpec model, CodeWriter writer)
    {
        var step = model.Step;
        var history = $"global::Declarative.History<{model.LogsType}>";
        var data = step.IsDefault && step.Inputs.Count == 1 ? "global::Declarative.TrainingData" : $"global::Declarative.TrainingData<{step.BatchType}>";
        var optimizers = step.OptimizesItself
            ? step.Optimizers.Select(o => (o.Type, o.Name)).ToList()
            : [("global::TorchSharp.torch.optim.Optimizer", "optimizer")];
        writer.Line("private DeclaredCallbacks? __declarativeCallbacks;");
        writer.Line();
        writer.Line(model.IsDerived
            ? "/// <summary>The callbacks declared by this model's attributes and by the models it derives from; their state is kept after Fit and reset when the next run begins.</summary>"
            : "/// <summary>The callbacks declared by this model's attributes; their state is kept after Fit and reset when the next run begins.</summary>");
        writer.Line($"public {ModelEmitter.Hides(model)}DeclaredCallbacks Callbacks => __declarativeCallbacks ??= new DeclaredCallbacks();");
        writer.Line();
        writer.Line("/// <summary>Trains the model with its declared callbacks and metrics (see the plan at the top of this file).</summary>");
        writer.Line(step.IsDefault && step.Inputs.Count == 1
            ? "/// <param name=\"train\">The training batches: a DataLoader, or <see cref=\"global::Declarative.TrainingData.FromTensors(global::TorchSharp.torch.Tensor, global::TorchSharp.torch.Tensor, int, bool)\"/>.</param>"
            : $"/// <param name=\"train\">The training batches, as {(step.IsDefault ? "the default step" : step.TrainMethod)} takes them.</param>");
        writer.Line("/// <param name=\"epochs\">The final epoch bound: training runs from the initial epoch (<see cref=\"global::Declarative.FitOptions.InitialEpoch\"/>) to <paramref name=\"epochs\"/> - 1.</param>");
        foreach (var (_, name) in optimizers)
        {
            writer.Line(step.OptimizesItself
                ? $"/// <param name=\"{name}\">The optimizer {step.TrainMethod} takes as <c>{name}</c>; learning rates are read and set through its parameter groups.</param>"
                : $"/// <param name=\"{name}\">The optimizer; learning rates are read and set through its parameter groups.</param>");
        }

        if (step.IsDefault) writer.Line("/// <param name=\"loss\">The loss to minimise, e.g. <c>torch.nn.CrossEntropyLoss()</c>.</param>");
        writer.Line("/// <param name=\"validation\">Validation batches, evaluated after each epoch's training (the <c>val_*</c> metrics), or null.</param>");
        WriteOptionDocs(model, writer);
        writer.Line("/// <param name=\"callbacks\">The callbacks of this run: the model's <see cref=\"Callbacks\"/> by default; <c>new() { EarlyStoppingEnabled = false }</c> for a run without one, or with one of other settings in its property.</param>");
        writer.Line("/// <returns>The History: one logs record per completed epoch, and how training ended.</returns>");
        var fixedParameters = new[] { $"{data} train", "int epochs" }.Concat(optimizers.Select(o => $"{o.Type} {o.Name}")).Concat(step.IsDefault ? ["global::Declarative.LossFunction loss"] : []).ToList();
        var fixedArguments = new[] { "train", "epochs" }.Concat(optimizers.Select(o => o.Name)).Concat(step.IsDefault ? ["loss"] : []).Append("validation").ToList();
        void Parameters(string callbacksType, bool core)
        {
            using (writer.Indented())
            {
                foreach (var parameter in fixedParameters) writer.Line(parameter + ",");
                if (core)
                {
                    writer.Line($"{data}? validation,");
                    writer.Line("global::Declarative.FitOptions options,");
                    writer.Line($"{callbacksType}? callbacks)");
                }
                else
                {
                    writer.Line($"{data}? validation = null,");
                    WriteOptionParameters(model, writer, callbacksType);
                }
            }
        }

        // Fit through the base type trains with the derived model's callbacks: the root's Fit calls a virtual core,
        // which each derived model overrides (a sealed root's core is private). A derived model's Fit overloads take its own
        // DeclaredCallbacks, so they overload the base's rather than hide them, and the compiler picks the derived ones.
        var core = model.IsDerived ? "__Declarative" + model.Name + "Fit" : "__DeclarativeFit";
        writer.Line($"public {history} Fit(");
        Parameters("DeclaredCallbacks", core: false);
        writer.Line("{");
        using (writer.Indented())
        {
            WriteOptionsRecord(model, writer);
            writer.Line($"return {core}({string.Join(", ", fixedArguments)}, options, callbacks);");
        }

        writer.Line("}");

        writer.Line();
        writer.Line("/// <summary>The training behind <see cref=\"Fit\"/>" + (model.IsDerived || model.IsSealed ? ".</summary>" : ": a model derived from this one trains with its own callbacks, also when called as this type.</summary>"));
        writer.Line(Code.EditorHidden);
        writer.Line($"{(model.IsDerived || model.IsSealed ? "private" : "protected virtual")} {history} {core}(");
        Parameters("DeclaredCallbacks", core: true);
        var stepArguments = string.Join(", ", new[] { "this" }.Concat(step.IsDefault ? ["loss"] : []).Concat(step.Optimizers.Select(o => o.Name)));
        writer.Line("{");
        using (writer.Indented())
        {
            writer.Line("var dispatcher = new CallbackDispatcher(this, callbacks ?? Callbacks);");
            writer.Line($"return global::Declarative.Training.TrainingLoop.Run<CallbackDispatcher, {model.LogsType}, StepDispatcher, {step.BatchType}>(");
            writer.Line($"    this, ref dispatcher, new StepDispatcher({stepArguments}), train, epochs,");
            writer.Line($"    new (string, global::TorchSharp.torch.optim.Optimizer)[] {{ {string.Join(", ", optimizers.Select(o => $"({Code.Literal(o.Name)}, {o.Name})"))} }},");
            writer.Line("    validation, options);");
        }

        writer.Line("}");
        if (model.IsDerived)
        {
            writer.Line();
            writer.Line($"/// <summary>Fit called as {model.Root}: trains with this model's callbacks (a run's own callbacks go through this type's Fit).</summary>");
            writer.Line(Code.EditorHidden);
            writer.Line($"protected override {history} __DeclarativeFit(");
            Parameters(model.Root + ".DeclaredCallbacks", core: true);
            writer.Line($"    => callbacks is null");
            writer.Line($"        ? {core}({string.Join(", ", fixedArguments)}, options, callbacks: null)");
            writer.Line($"        : throw new global::System.ArgumentException(\"{model.Name}'s runs take {model.Name}.DeclaredCallbacks: call Fit on the model as a {model.Name}.\", nameof(callbacks));");
        }

        if (step.IsDefault && step.Inputs.Count <= 3) WriteTensorsOverload(model, optimizers, history, writer);
        else if (!step.IsDefault) WriteSequenceOverload(model, optimizers, history, writer);
        EvaluationEmitter.Emit(model, writer);
        LearningRateFinderEmitter.Emit(model, writer);
        writer.Line();
        DriverEmitter.Emit(model, optimizers, writer);
    }

    // Each option's parameter: its type and its name in camelCase, defaulting to its type's default, as the record's do.
    private static void WriteOptionParameters(ModelSpec model, CodeWriter writer, string callbacksType = "DeclaredCallbacks")
    {
        foreach (var option in model.Options) writer.Line($"{option.Type} {option.Parameter} = default,");
        writer.Line($"{callbacksType}? callbacks = null)");
    }

    private static void WriteOptionDocs(ModelSpec model, CodeWriter writer)
    {
        foreach (var option in model.Options) writer.Line($"/// <param name=\"{option.Parameter}\">See <see cref=\"global::Declarative.FitOptions.{option.Property}\"/>.</param>");
    }

    // The option parameters, in one record: var options = new global::Declarative.FitOptions { InitialEpoch = initialEpoch, ... };
    private static void WriteOptionsRecord(ModelSpec model, CodeWriter writer)
    {
        writer.Line("var options = new global::Declarative.FitOptions");
        writer.Line("{");
        foreach (var option in model.Options) writer.Line($"    {option.Property} = {option.Parameter},");
        writer.Line("};");
    }

    // The arguments that pass the option parameters on, by name.
    private static void WriteOptionArguments(ModelSpec model, CodeWriter writer)
    {
        foreach (var option in model.Options) writer.Line($"    {option.Parameter},");
        writer.Line("    callbacks);");
    }

    // The default step over tensors: each input and the targets, cut into batches.
    private static void WriteTensorsOverload(ModelSpec model, List<(string Type, string Name)> optimizers, string history, CodeWriter writer)
    {
        var step = model.Step;
        const string Tensor = "global::TorchSharp.torch.Tensor";
        var inputs = step.Inputs.Count == 1 ? ["inputs"] : step.Inputs.Select(Naming.ToCamelCase).ToList();
        var validation = step.Inputs.Count == 1 ? ["Inputs"] : step.Inputs.ToList();
        writer.Line();
        writer.Line("/// <summary>Trains the model on tensors split into batches (see the other overload for the parameters).</summary>");
        foreach (var input in inputs) writer.Line($"/// <param name=\"{input}\">The training {(inputs.Count == 1 ? "inputs" : "values of " + input)}, samples along the first dimension.</param>");
        writer.Line("/// <param name=\"targets\">The training targets.</param>");
        writer.Line("/// <param name=\"batchSize\">Samples per batch.</param>");
        writer.Line("/// <param name=\"epochs\">The final epoch bound.</param>");
        writer.Line("/// <param name=\"optimizer\">The optimizer.</param>");
        writer.Line("/// <param name=\"loss\">The loss to minimise.</param>");
        writer.Line("/// <param name=\"validation\">Validation inputs and targets, or null.</param>");
        writer.Line("/// <param name=\"shuffle\">Shuffle the training samples at every epoch (drawn from TorchSharp's global generator).</param>");
        WriteOptionDocs(model, writer);
        writer.Line("/// <param name=\"callbacks\">The callbacks of this run, or null for the model's.</param>");
        writer.Line($"public {history} Fit(");
        using (writer.Indented())
        {
            foreach (var input in inputs) writer.Line($"{Tensor} {input},");
            writer.Line($"{Tensor} targets,");
            writer.Line("int batchSize,");
            writer.Line("int epochs,");
            foreach (var (type, name) in optimizers) writer.Line($"{type} {name},");
            writer.Line("global::Declarative.LossFunction loss,");
            writer.Line($"({string.Join(", ", validation.Select(v => $"{Tensor} {v}"))}, {Tensor} Targets)? validation = null,");
            writer.Line("bool shuffle = true,");
            WriteOptionParameters(model, writer);
        }

        writer.Line("{");
        using (writer.Indented())
        {
            writer.Line("return Fit(");
            writer.Line($"    global::Declarative.TrainingData.FromTensors({string.Join(", ", inputs)}, targets, batchSize, shuffle),");
            writer.Line("    epochs,");
            foreach (var (_, name) in optimizers) writer.Line($"    {name},");
            writer.Line("    loss,");
            writer.Line($"    validation is {{ }} v ? global::Declarative.TrainingData.FromTensors({string.Join(", ", validation.Select(n => "v." + n))}, v.Targets, batchSize, shuffle: false) : null,");
            WriteOptionArguments(model, writer);
        }

        writer.Line("}");
    }

    // A step of the model's own over any sequence of its batches.
    private static void WriteSequenceOverload(ModelSpec model, List<(string Type, string Name)> optimizers, string history, CodeWriter writer)
    {
        var step = model.Step;
        var sequence = $"global::System.Collections.Generic.IEnumerable<{step.BatchType}>";
        writer.Line();
        writer.Line("/// <summary>Trains the model on any sequence of its batches (a list, an iterator, a DataLoader); see the other overload for the parameters.</summary>");
        writer.Line($"public {history} Fit(");
        using (writer.Indented())
        {
            writer.Line($"{sequence} train,");
            writer.Line("int epochs,");
            foreach (var (type, name) in optimizers) writer.Line($"{type} {name},");
            writer.Line($"{sequence}? validation = null,");
            WriteOptionParameters(model, writer);
        }

        writer.Line("{");
        using (writer.Indented())
        {
            writer.Line("return Fit(");
            writer.Line($"    global::Declarative.TrainingData<{step.BatchType}>.From(train),");
            writer.Line("    epochs,");
            foreach (var (_, name) in optimizers) writer.Line($"    {name},");
            writer.Line($"    validation is null ? null : global::Declarative.TrainingData<{step.BatchType}>.From(validation),");
            WriteOptionArguments(model, writer);
        }

        writer.Line("}");
    }
}
