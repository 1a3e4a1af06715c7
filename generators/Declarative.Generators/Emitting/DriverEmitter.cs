using System.Collections.Generic;
using System.Linq;
using Declarative.Generators.Models;

namespace Declarative.Generators.Emitting;

/// <summary>
/// Emits the model's <c>CreateDriver</c> and its <c>Driver</c>: the declared callbacks, History, progress and backups of
/// a run, for a training loop of the user's own that calls them at each event, with the same results as <c>Fit</c>.
/// </summary>
internal static class DriverEmitter
{
    public static void Emit(ModelSpec model, IReadOnlyList<(string Type, string Name)> optimizers, CodeWriter writer)
    {
        var logs = model.LogsType;
        var result = StepEmitter.ResultType(model.Step);
        var core = $"global::Declarative.Training.TrainingDriver<CallbackDispatcher, {logs}>";
        writer.Line("/// <summary>");
        writer.Line("/// Starts a run of this model's declared callbacks for a training loop of your own (for what Fit cannot express):");
        writer.Line("/// call the driver at each event, and it runs the callbacks, History, the progress display and backups exactly as Fit does.");
        writer.Line("/// </summary>");
        writer.Line("/// <param name=\"epochs\">The final epoch bound.</param>");
        foreach (var (_, name) in optimizers) writer.Line($"/// <param name=\"{name}\">The optimizer{(optimizers.Count > 1 ? " " + name : string.Empty)}, whose state backups and checkpoints keep.</param>");
        writer.Line("/// <param name=\"hasValidation\">Whether the loop runs a validation pass each epoch (the <c>val_*</c> values).</param>");
        writer.Line("/// <param name=\"batchesPerEpoch\">Training batches per epoch, for the progress display, when known.</param>");
        writer.Line("/// <param name=\"initialEpoch\">The epoch to start at.</param>");
        writer.Line("/// <param name=\"progress\">What to print.</param>");
        writer.Line("/// <param name=\"output\">Where progress and callback messages go.</param>");
        writer.Line("/// <param name=\"cancellationToken\">The token callbacks see; the loop checks it itself.</param>");
        writer.Line("/// <param name=\"callbacks\">The callbacks of this run, or null for the model's (see Fit).</param>");
        writer.Line("public Driver CreateDriver(");
        using (writer.Indented())
        {
            writer.Line("int epochs,");
            foreach (var (type, name) in optimizers) writer.Line($"{type} {name},");
            writer.Line("bool hasValidation,");
            writer.Line("long? batchesPerEpoch = null,");
            writer.Line("int initialEpoch = 0,");
            writer.Line("global::Declarative.ProgressMode progress = global::Declarative.ProgressMode.Auto,");
            writer.Line("global::System.IO.TextWriter? output = null,");
            writer.Line("global::System.Threading.CancellationToken cancellationToken = default,");
            writer.Line("DeclaredCallbacks? callbacks = null) =>");
            var stepArguments = string.Join(", ", new[] { "this" }.Concat(model.Step.IsDefault ? ["default"] : []).Concat(model.Step.Optimizers.Select(o => o.Name)));
            writer.Line($"new(new {core}(new CallbackDispatcher(this, callbacks ?? Callbacks), this, new (string, global::TorchSharp.torch.optim.Optimizer)[] {{ {string.Join(", ", optimizers.Select(o => $"({Code.Literal(o.Name)}, {o.Name})"))} }},");
            writer.Line("    batchesPerEpoch, hasValidation, epochs, initialEpoch, progress, output, cancellationToken),");
            writer.Line($"    new StepDispatcher({stepArguments}));");
        }

        writer.Line();
        writer.Line($"/// <summary>A run of <see cref=\"{model.Name}\"/>'s declared callbacks, driven by a loop of your own (see <see cref=\"CreateDriver\"/>).</summary>");
        writer.Line(Code.GeneratedCode);
        using (writer.Block($"public {ModelEmitter.Hides(model)}sealed class Driver : global::System.IDisposable"))
        {
            writer.Line($"private readonly {core} _core;");
            writer.Line("private StepDispatcher _step;");
            writer.Line();
            using (writer.Block($"internal Driver({core} core, StepDispatcher step)"))
            {
                writer.Line("_core = core;");
                writer.Line("_step = step;");
            }

            writer.Line();
            writer.Line("/// <summary>The run, as the callbacks see it (the stop request, the current epoch, the optimizers).</summary>");
            writer.Line("public global::Declarative.Training.TrainingSession Session => _core.Session;");
            writer.Line();
            writer.Line("/// <summary>The epochs done so far; how the run ended, once it has.</summary>");
            writer.Line($"public global::Declarative.History<{logs}> History => _core.History;");
            writer.Line();
            writer.Line("/// <summary>Whether a callback asked to stop: end the epoch (validation and EndEpoch still run), then End.</summary>");
            writer.Line("public bool StopRequested => _core.Session.StopRequested;");
            writer.Line();
            writer.Line("/// <summary>Begins the run (the callbacks' train begin, then the resume from a backup); returns where to start: skip <c>Batch</c> batches of that epoch.</summary>");
            writer.Line("public global::Declarative.Training.TrainingPosition Begin() => _core.Begin();");
            writer.Line();
            writer.Line("/// <summary>An epoch begins; pass <paramref name=\"begun\"/> for the epoch Begin resumed in the middle of.</summary>");
            writer.Line("public void BeginEpoch(int epoch, bool begun = false) => _core.BeginEpoch(epoch, begun);");
            writer.Line();
            writer.Line("/// <summary>A training batch begins (0-based within the epoch).</summary>");
            writer.Line("public void BeginBatch(int batch) => _core.BeginBatch(batch);");
            writer.Line();
            writer.Line("/// <summary>A training batch ended, after its optimizer step (counted in <c>Session.Steps</c>): its loss and metrics join the epoch's, then the batch-end callbacks run.</summary>");
            writer.Line("/// <param name=\"batch\">The 0-based batch of the epoch.</param>");
            writer.Line("/// <param name=\"result\">What the batch gave, as the model's step returns it.</param>");
            writer.Line("/// <param name=\"samples\">The batch's size, which weighs its loss; 0 to take it from the result.</param>");
            using (writer.Block($"public void EndBatch(int batch, {result} result, long samples = 0)"))
            {
                writer.Line("_core.OptimizerStepped();");
                writer.Line("var loss = _step.Record(result, samples);");
                writer.Line("using (global::TorchSharp.torch.no_grad()) _step.UpdateMetrics(_core.TrainingMetrics);");
                writer.Line("_core.EndBatch(batch, loss);");
            }

            writer.Line();
            writer.Line("/// <summary>The validation pass begins.</summary>");
            writer.Line("public void BeginValidation() => _core.BeginValidation();");
            writer.Line();
            writer.Line("/// <summary>A validation batch's loss and metrics join the pass's (the test-batch hooks run, begin then end, here).</summary>");
            using (writer.Block($"public void AddValidation({result} result, long samples = 0)"))
            {
                writer.Line("_core.BeginValidationBatch(_core.ValidationBatchesDone);");
                writer.Line("var loss = _step.Record(result, samples);");
                writer.Line("using (global::TorchSharp.torch.no_grad()) _step.UpdateMetrics(_core.ValidationMetrics);");
                writer.Line("_core.AddValidationLoss(loss);");
            }

            writer.Line();
            writer.Line("/// <summary>The validation pass ends: its values are read and the test-end hooks run (EndEpoch does it when the loop does not).</summary>");
            writer.Line("public void EndValidation() => _core.EndValidation();");
            writer.Line();
            writer.Line("/// <summary>The epoch ends: the logs, the epoch-end callbacks, History, progress and an epoch backup. Returns whether a callback asked to stop.</summary>");
            writer.Line("public bool EndEpoch(int epoch) => _core.EndEpoch(epoch);");
            writer.Line();
            writer.Line("/// <summary>Stops after cancellation at a safe point (a backup is written there); pass the result to End.</summary>");
            writer.Line("public global::Declarative.TrainingEnd Cancel(int epoch, int batchesDone) => _core.Cancel(epoch, batchesDone);");
            writer.Line();
            writer.Line("/// <summary>Ends the run (completed, or stopped by a callback): the train-end callbacks run (the best weights are restored).</summary>");
            writer.Line($"public global::Declarative.History<{logs}> End() => _core.End(_core.Completed());");
            writer.Line();
            writer.Line("/// <summary>Ends the run as <paramref name=\"end\"/> says (a cancellation's, from Cancel).</summary>");
            writer.Line($"public global::Declarative.History<{logs}> End(global::Declarative.TrainingEnd end) => _core.End(end);");
            writer.Line();
            writer.Line("/// <summary>Ends a run that failed: the train-end callbacks run with TrainingEndReason.Failed; rethrow the exception after.</summary>");
            writer.Line("public void Fail(global::System.Exception failure) => _core.Fail(failure);");
            writer.Line();
            writer.Line("/// <summary>Frees the metric accumulators.</summary>");
            writer.Line("public void Dispose() => _core.Dispose();");
        }
    }
}
