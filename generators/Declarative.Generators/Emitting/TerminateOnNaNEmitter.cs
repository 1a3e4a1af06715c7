using Declarative.Generators.Models;

namespace Declarative.Generators.Emitting;

internal sealed class TerminateOnNaNEmitter : CallbackEmitter
{
    private readonly TerminateOnNaNSpec _spec;

    public TerminateOnNaNEmitter(TerminateOnNaNSpec spec) => _spec = spec;

    public override string Attribute => _spec.Attribute;

    public override void DeclareState(CodeWriter writer)
    {
        writer.Line($"/// <summary>{Code.Xml(_spec.Attribute)}: where the loss stopped being finite, if it did.</summary>");
        writer.Line($"public global::Declarative.Callbacks.TerminateOnNaN {_spec.Property} {{ get; }} = new(raiseError: {Code.Literal(_spec.RaiseError)});");
    }

    public override string? Plan(Hook hook) => hook switch
    {
        Hook.TrainBegin => "start",
        Hook.TrainBatchEnd => "read the running loss from the device; if it is NaN or infinite, " +
                              (_spec.RaiseError ? "throw NonFiniteLossException" : "stop after this batch (validation and the epoch's end still run)"),
        _ => null,
    };

    public override void Emit(Hook hook, CodeWriter writer)
    {
        var state = "_callbacks." + _spec.Property;
        if (hook == Hook.TrainBegin) writer.Line($"{state}.OnTrainBegin(session.Output);");
        if (hook == Hook.TrainBatchEnd)
        {
            writer.Line($"if ({state}.OnTrainBatchEnd(_session.Epoch, batch, _session.ReadRunningLoss()))");
            writer.Line($"    _session.RequestStop({Code.Literal(_spec.Attribute)}, global::Declarative.TrainingEndReason.Diverged);");
        }
    }

    public override void EmitSaveState(CodeWriter writer) => SaveSection(writer, _spec.Property);

    public override void EmitLoadState(CodeWriter writer) => LoadSection(writer, _spec.Property);
}
