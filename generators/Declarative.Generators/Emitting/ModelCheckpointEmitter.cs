using System.Linq;
using System.Text;
using Declarative.Generators.Models;
using Microsoft.CodeAnalysis.CSharp;

namespace Declarative.Generators.Emitting;

internal sealed class ModelCheckpointEmitter : CallbackEmitter
{
    private readonly ModelCheckpointSpec _spec;

    public ModelCheckpointEmitter(ModelCheckpointSpec spec) => _spec = spec;

    public override string Attribute => _spec.Attribute;

    private string State => "_callbacks." + _spec.Property;

    private bool NeedsValidation =>
        _spec.Monitor is { IsValidation: true } || _spec.Path.Any(s => s.IsValidation);

    public override void DeclareState(CodeWriter writer)
    {
        writer.Line($"/// <summary>{Code.Xml(_spec.Attribute)}: best value and last saved file.</summary>");
        writer.Line($"public global::Declarative.Callbacks.ModelCheckpoint {_spec.Property} {{ get; }} = new(");
        writer.Line($"    monitor: {Code.Literal(_spec.Monitor?.Name ?? "val_loss")},");
        writer.Line($"    direction: {Code.Direction(_spec.Monitor?.Direction ?? Direction.Unknown)},");
        writer.Line($"    saveBestOnly: {Code.Literal(_spec.SaveBestOnly)},");
        writer.Line($"    saveWeightsOnly: {Code.Literal(_spec.SaveWeightsOnly)},");
        writer.Line($"    saveFrequency: {Code.Literal(_spec.SaveFrequency)},");
        writer.Line($"    initialValueThreshold: {Code.Literal(_spec.InitialValueThreshold)},");
        writer.Line($"    verbose: {Code.Literal(_spec.Verbose)},");
        writer.Line($"    filePath: {Code.Literal(_spec.FilePath)});");
    }

    public override string? Plan(Hook hook)
    {
        var what = (_spec.SaveWeightsOnly ? "weights" : "weights and optimizer state") + $" to \"{_spec.FilePath}\"";
        var when = _spec.SaveBestOnly ? $" when {_spec.Monitor!.Name} improves ({EarlyStoppingEmitter.Describe(_spec.Monitor.Direction)})" : string.Empty;
        return hook switch
        {
            Hook.TrainBegin => "reset; fail now if " + (NeedsValidation ? "no validation data, or if " : string.Empty) + $"\"{(FixedFolder.Length == 0 ? "." : FixedFolder)}\" cannot be written",
            Hook.EpochEnd when !_spec.IsBatchLevel => "save " + what + when,
            Hook.TrainBatchEnd when _spec.IsBatchLevel => $"every {Counted(_spec.SaveFrequency, "batch")}, counted across epochs: save {what}{when}" +
                (ReadsBatchValues ? " (reads the running training values from the device)" : string.Empty),
            _ => null,
        };
    }

    // The part of the folder that does not depend on a placeholder: the literal text before the first placeholder, up to
    // its last separator ("checkpoints/net-{epoch}.bin" → "checkpoints", "{epoch}/net.bin" → the current folder).
    private string FixedFolder => FolderOf(string.Concat(_spec.Path.TakeWhile(s => !s.IsPlaceholder).Select(s => s.Text)));

    private bool ReadsBatchValues => _spec.SaveBestOnly || _spec.Path.Any(s => s.Member is not null);

    public override bool ReadsRunningLogs => _spec.IsBatchLevel && ReadsBatchValues;

    public override void Emit(Hook hook, CodeWriter writer)
    {
        switch (hook)
        {
            case Hook.TrainBegin:
                if (NeedsValidation)
                {
                    var metric = _spec.Monitor is { IsValidation: true } monitor ? monitor.Name : _spec.Path.First(s => s.IsValidation).Text;
                    writer.Line($"session.RequireValidationData({Code.Literal(_spec.Attribute)}, {Code.Literal(metric)});");
                }

                writer.Line($"session.RequireWritableFolder({Code.Literal(_spec.Attribute)}, {Code.Literal(FixedFolder)});");
                writer.Line($"{State}.OnTrainBegin(session.Output);");
                break;
            case Hook.EpochEnd:
                EmitSave(writer);
                break;
            case Hook.TrainBatchEnd:
                using (writer.Block($"if ({State}.OnTrainBatchEnd())"))
                {
                    writer.Line("var epoch = _session.Epoch;");
                    if (ReadsBatchValues) writer.Line("var logs = RunningLogs();");
                    EmitSave(writer);
                }

                break;
        }
    }

    private void EmitSave(CodeWriter writer)
    {
        var save = $"{State}.Save(epoch, global::Declarative.Formatting.PythonFormat.Interpolate({Path()}), _model, _session.Optimizer);";
        if (!_spec.SaveBestOnly)
        {
            writer.Line(save);
            return;
        }

        writer.Line($"if ({State}.ShouldSave(epoch, {Read(_spec.Monitor!.Member, _spec.Monitor.IsValidation)}))");
        writer.Line("    " + save);
    }

    // The file-name template as an interpolated string whose holes are formatted with Python's rules.
    private string Path()
    {
        var text = new StringBuilder("$\"");
        foreach (var segment in _spec.Path)
        {
            if (!segment.IsPlaceholder)
            {
                // The literal's text between its quotes, braces doubled for the interpolated string.
                var literal = Code.Literal(segment.Text);
                text.Append(literal.Substring(1, literal.Length - 2).Replace("{", "{{").Replace("}", "}}"));
                continue;
            }

            var value = segment.Text switch
            {
                "epoch" => "epoch + 1",
                "batch" => "batch + 1",
                _ => Read(segment.Member!, segment.IsValidation),
            };
            text.Append('{').Append(value);
            if (segment.Format.Length > 0) text.Append(':').Append(segment.Format);
            text.Append('}');
        }

        return text.Append('"').ToString();
    }

    public override void EmitSaveState(CodeWriter writer) => SaveSection(writer, _spec.Property);

    public override void EmitLoadState(CodeWriter writer) => LoadSection(writer, _spec.Property);
}
