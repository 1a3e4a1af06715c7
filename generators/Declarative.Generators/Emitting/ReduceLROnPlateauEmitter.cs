using Declarative.Generators.Models;

namespace Declarative.Generators.Emitting;

internal sealed class ReduceLROnPlateauEmitter : CallbackEmitter
{
    private readonly ReduceLROnPlateauSpec _spec;

    public ReduceLROnPlateauEmitter(ReduceLROnPlateauSpec spec) => _spec = spec;

    public override string Attribute => _spec.Attribute;

    public override void DeclareState(CodeWriter writer)
    {
        writer.Line($"/// <summary>{Code.Xml(_spec.Attribute)}: best value, wait and cooldown counters.</summary>");
        writer.Line($"public global::Declarative.Callbacks.ReduceLROnPlateau {_spec.Property} {{ get; }} = new(");
        writer.Line($"    {Code.Direction(_spec.Monitor.Direction)},");
        writer.Line($"    factor: {Code.Literal(_spec.Factor)},");
        writer.Line($"    patience: {Code.Literal(_spec.Patience)},");
        writer.Line($"    minDelta: {Code.Literal(_spec.MinDelta)},");
        writer.Line($"    cooldown: {Code.Literal(_spec.Cooldown)},");
        writer.Line($"    minLearningRate: {Code.Literal(_spec.MinLearningRate)},");
        writer.Line($"    verbose: {Code.Literal(_spec.Verbose)});");
    }

    public override string? Plan(Hook hook) => hook switch
    {
        Hook.TrainBegin => "reset; fail now if " + (_spec.Monitor.IsValidation ? $"no validation data ({_spec.Monitor.Name}), or if " : string.Empty) + "the optimizer's learning rate cannot be set",
        Hook.EpochEnd => $"read {_spec.Monitor.Name} ({EarlyStoppingEmitter.Describe(_spec.Monitor.Direction)}" +
                         (_spec.MinDelta > 0 ? $", by more than {Code.Literal(_spec.MinDelta)}" : string.Empty) +
                         $"); after {Counted(System.Math.Max(_spec.Patience, 1), "epoch")} without improvement, learning rate × {Code.Literal(_spec.Factor)}" +
                         (_spec.MinLearningRate > 0 ? $" (not below {Code.Literal(_spec.MinLearningRate)})" : string.Empty) +
                         (_spec.Cooldown > 0 ? $", then {Counted(_spec.Cooldown, "epoch")} of cooldown" : string.Empty),
        _ => null,
    };

    public override void Emit(Hook hook, CodeWriter writer)
    {
        var state = "_callbacks." + _spec.Property;
        if (hook == Hook.TrainBegin)
        {
            if (_spec.Monitor.IsValidation) writer.Line($"session.RequireValidationData({Code.Literal(_spec.Attribute)}, {Code.Literal(_spec.Monitor.Name)});");
            writer.Line($"session.RequireSettableLearningRate({Code.Literal(_spec.Attribute)});");
            writer.Line($"{state}.OnTrainBegin(session.Output);");
        }

        if (hook == Hook.EpochEnd) writer.Line($"{state}.OnEpochEnd(epoch, {Read(_spec.Monitor.Member, _spec.Monitor.IsValidation)}, _session.ParameterGroups);");
    }

    public override void EmitSaveState(CodeWriter writer) => SaveSection(writer, _spec.Property);

    public override void EmitLoadState(CodeWriter writer) => LoadSection(writer, _spec.Property);
}
