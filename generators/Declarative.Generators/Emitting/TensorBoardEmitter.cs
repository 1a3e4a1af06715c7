using Declarative.Generators.Models;

namespace Declarative.Generators.Emitting;

internal sealed class TensorBoardEmitter : CallbackEmitter
{
    private readonly TensorBoardSpec _spec;

    public TensorBoardEmitter(TensorBoardSpec spec) => _spec = spec;

    public override string Attribute => _spec.Attribute;

    public override bool ReadsRunningLogs => _spec.UpdateFrequency > 0;

    public override void DeclareState(CodeWriter writer)
    {
        writer.Line($"/// <summary>{Code.Xml(_spec.Attribute)}: the event-file writers.</summary>");
        writer.Line($"public global::Declarative.Callbacks.TensorBoard {_spec.Property} {{ get; }} = new({Code.Literal(_spec.LogDirectory)}, updateFrequency: {Code.Literal(_spec.UpdateFrequency)}, histogramFrequency: {Code.Literal(_spec.HistogramFrequency)});");
    }

    public override string? Plan(Hook hook) => hook switch
    {
        Hook.TrainBegin => "start; fail now if its folder cannot be written",
        Hook.TrainBatchEnd when _spec.UpdateFrequency > 0 => $"every {Counted(_spec.UpdateFrequency, "batch")}: read the running values from the device and write them as batch_*",
        Hook.EpochEnd => $"write the epoch's values to \"{_spec.LogDirectory}/train\" and \"/validation\"" +
                         (_spec.HistogramFrequency > 0 ? $"; weight histograms every {Counted(_spec.HistogramFrequency, "epoch")}, from epoch 0" : string.Empty),
        _ => null,
    };

    public override void Emit(Hook hook, CodeWriter writer)
    {
        var state = "_callbacks." + _spec.Property;
        switch (hook)
        {
            case Hook.TrainBegin:
                writer.Line($"session.RequireWritableFolder({Code.Literal(_spec.Attribute)}, {Code.Literal(_spec.LogDirectory)});");
                writer.Line($"{state}.OnTrainBegin();");
                break;
            case Hook.TrainBatchEnd:
                writer.Line($"if ({state}.OnTrainBatchEnd()) {state}.WriteBatch(RunningLogs());");
                break;
            case Hook.EpochEnd:
                writer.Line($"{state}.OnEpochEnd(epoch, in logs, _model);");
                break;
        }
    }

    public override void EmitSaveState(CodeWriter writer) => SaveSection(writer, _spec.Property);

    public override void EmitLoadState(CodeWriter writer) => LoadSection(writer, _spec.Property);
}
