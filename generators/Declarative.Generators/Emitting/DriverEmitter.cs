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
        writer.Line("/// <param name=\"cancellationToken\">The token callbacks see; the loop checks it (<c>Session.CancellationToken</c>, which a signal cancels too) and calls Cancel.</param>");
        writer.Line("/// <param name=\"signals\">What SIGTERM and SIGINT do during the run (see <see cref=\"global::Declarative.SignalHandling\"/>): by default, the run stops at the next batch with a backup and the process ends, even in a loop that does not check its token.</param>");
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
            writer.Line("global::Declarative.SignalHandling signals = default,");
            writer.Line("DeclaredCallbacks? callbacks = null) =>");
            var stepArguments = string.Join(", ", new[] { "this" }.Concat(model.Step.IsDefault ? ["default"] : []).Concat(model.Step.Optimizers.Select(o => o.Name)));
            writer.Line($"new(new {core}(new CallbackDispatcher(this, callbacks ?? Callbacks), this, new (string, global::TorchSharp.torch.optim.Optimizer)[] {{ {string.Join(", ", optimizers.Select(o => $"({Code.Literal(o.Name)}, {o.Name})"))} }},");
            writer.Line("    batchesPerEpoch, hasValidation, epochs, initialEpoch, progress, output, cancellationToken, signals),");
            writer.Line($"    new StepDispatcher({stepArguments}));");
        }

        writer.Line();
        writer.Line($"/// <summary>A run of <see cref=\"{model.Name}\"/>'s declared callbacks, driven by a loop of your own (see <see cref=\"CreateDriver\"/>); its members are <see cref=\"global::Declarative.Training.LoopDriver{{TCallbacks, TLogs, TStep, TResult}}\"/>'s.</summary>");
        writer.Line(Code.GeneratedCode);
        using (writer.Block($"public {ModelEmitter.Hides(model)}sealed class Driver : global::Declarative.Training.LoopDriver<CallbackDispatcher, {logs}, StepDispatcher, {result}>"))
        {
            writer.Line($"internal Driver({core} core, StepDispatcher step) : base(core, step)");
            writer.Line("{");
            writer.Line("}");
        }
    }
}
