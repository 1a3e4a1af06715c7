using System.Linq;
using Declarative.Generators.Models;

namespace Declarative.Generators.Emitting;

/// <summary>
/// Emits the model's <c>TrainingStep</c> struct: its <c>[TrainingStep]</c> and <c>[ValidationStep]</c> methods called
/// directly (or the default step: forward, then the loss of output and target), the declared metrics computed from what
/// the last step returned, and how a batch moves to a device.
/// </summary>
internal static class StepEmitter
{
    private const string Tensor = "global::TorchSharp.torch.Tensor";
    private const string StepLoss = "global::Declarative.Training.StepLoss";

    public static void Emit(ModelSpec model, CodeWriter writer)
    {
        var step = model.Step;
        var batch = step.BatchType;
        writer.Line(step.IsDefault
            ? "/// <summary>The default step: forward on the batch's inputs, then the loss of the output and the target; Fit runs backward and steps the optimizer.</summary>"
            : $"/// <summary>The model's own steps, called directly: {step.TrainMethod}{(step.ValidationMethod is { } validation ? " and " + validation : string.Empty)}.</summary>");
        writer.Line("/// <remarks>Used by the generated code; not meant to be used directly.</remarks>");
        writer.Line(Code.GeneratedCode);
        writer.Line(Code.EditorHidden);
        using (writer.Block($"public struct StepDispatcher : global::Declarative.Training.ITrainingStep<{batch}>, global::Declarative.Training.IStepRecorder<{ResultType(step)}>"))
        {
            writer.Line($"private readonly {model.Type} _model;");
            if (step.IsDefault) writer.Line("private readonly global::Declarative.LossFunction _loss;");
            foreach (var optimizer in step.Optimizers) writer.Line($"private readonly {optimizer.Type} _{optimizer.Name};");
            if (step.IsDefault)
            {
                writer.Line($"private {Tensor} _output;");
                writer.Line($"private {Tensor} _target;");
            }
            else
            {
                writer.Line($"private {step.Result.Type} _result;");
            }

            writer.Line();
            var parameters = new[] { $"{model.Type} model" }
                .Concat(step.IsDefault ? ["global::Declarative.LossFunction loss"] : [])
                .Concat(step.Optimizers.Select(o => $"{o.Type} {o.Name}"));
            using (writer.Block($"public StepDispatcher({string.Join(", ", parameters)})"))
            {
                writer.Line("_model = model;");
                if (step.IsDefault)
                {
                    writer.Line("_loss = loss;");
                    writer.Line("_output = null!;");
                    writer.Line("_target = null!;");
                }
                else
                {
                    writer.Line("_result = default!;");
                }

                foreach (var optimizer in step.Optimizers) writer.Line($"_{optimizer.Name} = {optimizer.Name};");
            }

            writer.Line();
            writer.Line($"public static bool OptimizesItself => {Code.Literal(step.OptimizesItself)};");
            writer.Line();
            writer.Line($"public static bool CanValidate => {Code.Literal(!step.OptimizesItself || step.ValidationMethod is not null)};");
            writer.Line();
            writer.Line($"public static bool CanMoveBatches => {Code.Literal(step.Batch != BatchShape.Other)};");
            writer.Line();
            writer.Lines($"public static global::Declarative.ClipGradientsAttribute? Clipping {{ get; }} = {step.Gradients.Clipping ?? "null"};");
            writer.Line();
            writer.Line($"public static int AccumulatedBatches => {Code.Literal(step.Gradients.AccumulatedBatches)};");
            writer.Line();
            WriteSteps(model, writer);
            writer.Line();
            WriteRecord(model, writer);
            writer.Line();
            using (writer.Block("public void UpdateMetrics(global::Declarative.Metrics.MetricAccumulator[] metrics)"))
            {
                WriteMetrics(model, writer);
            }

            writer.Line();
            WriteMove(step, writer);
        }

        EvaluationEmitter.WriteForward(model, writer);
    }

    /// <summary>What a training batch and a validation batch go through, for the plan at the top of the file.</summary>
    public static System.Collections.Generic.IEnumerable<string> Plan(ModelSpec model)
    {
        var step = model.Step;
        var gradients = step.Gradients;
        var groups = gradients.AccumulatedBatches;
        if (step.OptimizesItself)
        {
            yield return $"training: {step.TrainMethod}(batch, {string.Join(", ", step.Optimizers.Select(o => o.Name))}) runs backward and steps its optimizers itself, and gives the loss";
        }
        else
        {
            yield return "training: " + (step.IsDefault ? "forward, then loss(output, target)" : $"{step.TrainMethod}(batch) gives the loss");
            yield return groups > 1
                ? $"zero the gradients at each group of {groups} batches' first; backward of loss / {groups}, so the group's gradients add up to their mean"
                : "zero the gradients; backward";
            if (gradients.ClippingDescription is { } clipping)
            {
                var how = gradients.ClipByNorm
                    ? $"scale the gradients down to a total {(double.IsPositiveInfinity(gradients.NormType) ? "max" : gradients.NormType.ToString("R", System.Globalization.CultureInfo.InvariantCulture))}-norm of at most {Code.Literal(gradients.ClipLimit)}"
                    : $"clamp every gradient element to ±{Code.Literal(gradients.ClipLimit)}";
                yield return $"before each optimizer step, {clipping}: {how}" + (gradients.LogsNorm ? "; grad_norm records the norm before clipping (read to the host at each optimizer step)" : string.Empty);
            }

            yield return groups > 1
                ? $"optimizer step at the end of each group of {groups} batches, and after an epoch's last batch (a shorter group's gradients scaled to their mean)"
                : "optimizer step";
        }

        yield return "validation, in eval mode under no_grad: " + (step.IsDefault ? "forward, then loss(output, target)" : step.ValidationMethod is { } validation ? $"{validation}(batch)" : step.OptimizesItself ? "none (no [ValidationStep])" : $"{step.TrainMethod}(batch)");
    }

    private static void WriteSteps(ModelSpec model, CodeWriter writer)
    {
        var step = model.Step;
        var batch = step.BatchType;
        if (step.IsDefault)
        {
            var inputs = string.Join(", ", step.Inputs.Select(i => "batch." + i));
            using (writer.Block($"public {StepLoss} Train({batch} batch)"))
            {
                writer.Line($"_output = _model.call({inputs});");
                writer.Line("_target = batch.Target;");
                writer.Line($"return new(_loss.Compute(_output, _target), batch.{step.Inputs[0]}.size(0));");
            }

            writer.Line();
            writer.Line("// The same forward and loss; the loop has put the model in eval mode under no_grad.");
            writer.Line($"public {StepLoss} Validate({batch} batch) => Train(batch);");
            return;
        }

        var optimizers = string.Concat(step.Optimizers.Select(o => ", _" + o.Name));
        WriteStep(model, writer, "Train", step.TrainMethod!, step.TrainIsStatic, optimizers);
        writer.Line();
        if (step.ValidationMethod is { } validation)
        {
            WriteStep(model, writer, "Validate", validation, step.ValidationIsStatic, string.Empty);
        }
        else if (!step.OptimizesItself)
        {
            writer.Line("// Without a [ValidationStep], the training step; the loop has put the model in eval mode under no_grad.");
            writer.Line($"public {StepLoss} Validate({batch} batch) => Train(batch);");
        }
        else
        {
            writer.Line("// Never called: the training step optimizes by hand and there is no [ValidationStep], so Fit refuses validation data.");
            writer.Line($"public {StepLoss} Validate({batch} batch) => throw new global::System.NotSupportedException(\"The model has no [ValidationStep].\");");
        }
    }

    private static void WriteStep(ModelSpec model, CodeWriter writer, string name, string method, bool isStatic, string optimizers)
    {
        var step = model.Step;
        var target = isStatic ? model.Type : "_model";
        using (writer.Block($"public {StepLoss} {name}({step.BatchType} batch)"))
        {
            writer.Line($"_result = {target}.{method}(batch{optimizers});");
            writer.Line($"return new({(step.Result.IsLoss ? "_result" : "_result.Loss")}, {Weight(step)});");
        }
    }

    // What a loop of the user's own reports through the driver: a result, as a step would have returned it.
    private static void WriteRecord(ModelSpec model, CodeWriter writer)
    {
        var step = model.Step;
        writer.Line("/// <summary>Takes a batch's result from a loop of your own, as the step would have returned it (the driver's EndBatch and AddValidation).</summary>");
        using (writer.Block($"public {StepLoss} Record({ResultType(step)} result, long samples)"))
        {
            if (step.IsDefault)
            {
                var needsOutput = model.Metrics.Any(Parsing.MetricCatalog.NeedsOutputAndTarget);
                var missing = "throw new global::System.ArgumentException(\"The model's metrics need the batch's {0}: pass it in the StepResult.\", nameof(result))";
                writer.Line(needsOutput ? $"_output = result.Output ?? {string.Format(missing, "output")};" : "_output = result.Output!;");
                writer.Line(needsOutput ? $"_target = result.Target ?? {string.Format(missing, "target")};" : "_target = result.Target!;");
                writer.Line("return new(result.Loss, samples > 0 ? samples : result.Weight);");
                return;
            }

            writer.Line("_result = result;");
            var weight = step.Result.Samples is { } member ? "_result." + member : step.Result.HasOutputAndTarget ? "global::Declarative.Training.StepResult.SamplesOf(_result.Output)" : "1";
            writer.Line($"return new({(step.Result.IsLoss ? "_result" : "_result.Loss")}, samples > 0 ? samples : {weight});");
        }
    }

    /// <summary>The type of a step's result: what the model's step returns, or StepResult for the default step.</summary>
    public static string ResultType(StepSpec step) => step.IsDefault ? "global::Declarative.Training.StepResult" : step.Result.Type;

    // The weight of a batch's loss in the epoch's mean: what the result says, its output's first dimension, or the batch's.
    private static string Weight(StepSpec step)
    {
        if (step.Result.Samples is { } samples) return "_result." + samples;
        if (step.Result.HasOutputAndTarget) return "global::Declarative.Training.StepResult.SamplesOf(_result.Output)";
        return step.Batch switch
        {
            BatchShape.Tensor => "global::Declarative.Training.StepResult.SamplesOf(batch)",
            BatchShape.TensorTuple => "global::Declarative.Training.StepResult.SamplesOf(batch.Item1)",
            _ => "1",
        };
    }

    private static void WriteMetrics(ModelSpec model, CodeWriter writer)
    {
        var step = model.Step;
        var needsOutput = model.Metrics.Any(Parsing.MetricCatalog.NeedsOutputAndTarget);
        if (needsOutput && !step.IsDefault)
        {
            var check = step.Result.NullableOutput
                ? $" ?? throw new global::System.InvalidOperationException(\"{step.TrainMethod} returned a StepResult without {{0}}, which the declared metrics need; pass the output and the target.\")"
                : string.Empty;
            writer.Line($"var output = _result.Output{string.Format(check, "an Output")};");
            writer.Line($"var target = _result.Target{string.Format(check, "a Target")};");
        }
        else if (needsOutput)
        {
            writer.Line("var output = _output;");
            writer.Line("var target = _target;");
        }

        var any = false;
        for (var i = 0; i < model.Metrics.Count; i++)
        {
            if (model.Metrics[i].Update is not { } update) continue; // the loop feeds it (the loss, the gradients' norm), or it is the run's
            writer.Line(string.Format(update, $"metrics[{i}]") + $"; // {model.Metrics[i].Name}");
            any = true;
        }

        if (!any) writer.Line("// The loss is the only metric; the training loop accumulates it.");
    }

    private static void WriteMove(StepSpec step, CodeWriter writer)
    {
        var signature = $"public {step.BatchType} MoveTo({step.BatchType} batch, global::TorchSharp.torch.Device device)";
        switch (step.Batch)
        {
            case BatchShape.Tensor:
                writer.Line($"{signature} => batch.to(device);");
                break;
            case BatchShape.TensorTuple:
                var names = step.IsDefault ? step.Inputs.Append("Target").ToArray() : Enumerable.Range(1, step.TupleArity).Select(i => "Item" + i).ToArray();
                writer.Line($"{signature} => ({string.Join(", ", names.Select(n => $"batch.{n}.to(device)"))});");
                break;
            case BatchShape.Dictionary:
            case BatchShape.TensorList:
                writer.Line($"{signature} => global::Declarative.Training.Batches.MoveTo(batch, device);");
                break;
            case BatchShape.Movable:
                writer.Line($"{signature} => batch.To(device);");
                break;
            default:
                writer.Line($"{signature} =>");
                writer.Line($"    throw global::Declarative.Training.Batches.CannotMove({Code.Literal(step.BatchType.Replace("global::", string.Empty))});");
                break;
        }
    }
}
