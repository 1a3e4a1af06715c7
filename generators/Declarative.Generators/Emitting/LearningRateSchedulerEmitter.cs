using Declarative.Generators.Models;

namespace Declarative.Generators.Emitting;

internal sealed class LearningRateSchedulerEmitter : CallbackEmitter
{
    private readonly LearningRateSchedulerSpec _spec;

    public LearningRateSchedulerEmitter(LearningRateSchedulerSpec spec) => _spec = spec;

    public override string Attribute => _spec.Attribute;

    public override void DeclareState(CodeWriter writer)
    {
        var call = _spec.TakesLearningRate ? $"{_spec.Method}(epoch, learningRate)" : $"{_spec.Method}(epoch)";
        writer.Line($"/// <summary>{Code.Xml(_spec.Attribute)}: calls {Code.Xml(call)} at the beginning of each epoch.</summary>");
        writer.Line($"public global::Declarative.Callbacks.LearningRateScheduler {_spec.Property} {{ get; }} = new(");
        writer.Line($"    static (epoch, learningRate) => {call},");
        writer.Line($"    {Code.Literal(_spec.Method)},");
        writer.Line($"    verbose: {Code.Literal(_spec.Verbose)});");
    }

    public override string? Plan(Hook hook) => hook switch
    {
        Hook.TrainBegin => "fail now if the optimizer's learning rate cannot be set",
        Hook.EpochBegin => "learning rate = " + (_spec.TakesLearningRate ? $"{_spec.Method}(epoch, learning rate)" : $"{_spec.Method}(epoch)") + ", for each parameter group",
        _ => null,
    };

    public override void Emit(Hook hook, CodeWriter writer)
    {
        if (hook == Hook.TrainBegin)
        {
            writer.Line($"session.RequireSettableLearningRate({Code.Literal(_spec.Attribute)});");
            writer.Line($"_callbacks.{_spec.Property}.OnTrainBegin(session.Output);");
        }
        if (hook == Hook.EpochBegin) writer.Line($"_callbacks.{_spec.Property}.OnEpochBegin(epoch, _session.ParameterGroups);");
    }
}
