using Declarative.Generators.Models;

namespace Declarative.Generators.Emitting;

internal sealed class EarlyStoppingEmitter : CallbackEmitter
{
    private readonly EarlyStoppingSpec _spec;

    public EarlyStoppingEmitter(EarlyStoppingSpec spec) => _spec = spec;

    public override string Attribute => _spec.Attribute;

    private string State => "_callbacks." + _spec.Property;

    private string Weights => "_callbacks." + _spec.Property + "BestWeights";

    public override void DeclareState(CodeWriter writer)
    {
        writer.Line($"/// <summary>{Code.Xml(_spec.Attribute)}: wait counter, best value and epoch, stopped epoch.</summary>");
        writer.Line($"public global::Declarative.Callbacks.EarlyStopping {_spec.Property} {{ get; }} = new(");
        writer.Line($"    {Code.Direction(_spec.Monitor.Direction)},");
        writer.Line($"    patience: {Code.Literal(_spec.Patience)},");
        writer.Line($"    minDelta: {Code.Literal(_spec.MinDelta)},");
        writer.Line($"    baseline: {Code.Literal(_spec.Baseline)},");
        writer.Line($"    startFromEpoch: {Code.Literal(_spec.StartFromEpoch)},");
        writer.Line($"    restoreBestWeights: {Code.Literal(_spec.RestoreBestWeights)},");
        writer.Line($"    verbose: {Code.Literal(_spec.Verbose)});");
        if (_spec.RestoreBestWeights)
        {
            writer.Line();
            writer.Line($"/// <summary>The weights of {_spec.Property}'s best epoch, restored when training ends.</summary>");
            writer.Line($"public global::Declarative.Callbacks.WeightsSnapshot {_spec.Property}BestWeights {{ get; }} = new();");
        }
    }

    public override string? Plan(Hook hook) => hook switch
    {
        Hook.TrainBegin => "reset" + (_spec.Monitor.IsValidation ? $"; fail now if no validation data ({_spec.Monitor.Name})" : string.Empty),
        Hook.EpochEnd => $"read {_spec.Monitor.Name} ({Describe(_spec.Monitor.Direction)}"
            + (_spec.MinDelta > 0 ? $", by more than {Code.Literal(_spec.MinDelta)}" : string.Empty)
            + (_spec.Baseline is double baseline ? $"; patience resets only past {Code.Literal(baseline)}" : string.Empty)
            + ")"
            + (_spec.RestoreBestWeights ? "; copy the weights when it improves" : string.Empty)
            + $"; stop after {Counted(System.Math.Max(_spec.Patience, 1), "epoch")} without improvement"
            + (_spec.StartFromEpoch > 0 ? $"; epochs before {_spec.StartFromEpoch} are ignored" : string.Empty),
        Hook.TrainEnd => _spec.RestoreBestWeights ? "restore the best epoch's weights (after any end but a failure)" : _spec.Verbose ? "report the stop" : null,
        _ => null,
    };

    public override void Emit(Hook hook, CodeWriter writer)
    {
        switch (hook)
        {
            case Hook.TrainBegin:
                if (_spec.Monitor.IsValidation) writer.Line($"session.RequireValidationData({Code.Literal(_spec.Attribute)}, {Code.Literal(_spec.Monitor.Name)});");
                writer.Line($"{State}.OnTrainBegin(session.Output);");
                if (_spec.RestoreBestWeights) writer.Line($"{Weights}.Clear();");
                break;
            case Hook.EpochEnd:
                var decision = LocalName;
                writer.Line($"var {decision} = {State}.OnEpochEnd(epoch, {Read(_spec.Monitor.Member, _spec.Monitor.IsValidation)});");
                if (_spec.RestoreBestWeights) writer.Line($"if ({decision}.CaptureWeights) {Weights}.Capture(_model);");
                writer.Line($"if ({decision}.StopTraining) _session.RequestStop({Code.Literal(_spec.Attribute)});");
                break;
            case Hook.TrainEnd:
                if (_spec.RestoreBestWeights) writer.Line($"if ({State}.OnTrainEnd(end.Reason)) {Weights}.Restore(_model);");
                else writer.Line($"{State}.OnTrainEnd(end.Reason);");
                break;
        }
    }

    private string LocalName => char.ToLowerInvariant(_spec.Property[0]) + _spec.Property.Substring(1);

    internal static string Describe(Direction direction) => direction == Direction.Minimize ? "lower is better" : "higher is better";

    public override void EmitSaveState(CodeWriter writer)
    {
        SaveSection(writer, _spec.Property);
        if (_spec.RestoreBestWeights) SaveSection(writer, _spec.Property + "BestWeights");
    }

    public override void EmitLoadState(CodeWriter writer)
    {
        LoadSection(writer, _spec.Property);
        if (_spec.RestoreBestWeights)
            writer.Line($"backup.Read({Code.Literal(_spec.Property + "BestWeights")}, reader => callbacks.{_spec.Property}BestWeights.LoadState(reader, model));");
    }
}
