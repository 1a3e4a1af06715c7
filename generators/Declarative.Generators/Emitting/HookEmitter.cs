using Declarative.Generators.Models;

namespace Declarative.Generators.Emitting;

/// <summary>A typed lambda hook: a method of the model called directly on its event.</summary>
internal sealed class HookEmitter : CallbackEmitter
{
    private readonly HookSpec _spec;
    private readonly string _modelType;

    public HookEmitter(HookSpec spec, string modelType)
    {
        _spec = spec;
        _modelType = modelType;
    }

    public override string Attribute => _spec.Attribute;

    public override bool ReadsRunningLogs => _spec.Kind == HookKind.TrainBatchEnd && _spec.TakesLogs;

    public override bool CountsBatches => _spec.Filter.FiltersBatches;

    private Hook Hook => _spec.Kind switch
    {
        HookKind.TrainBegin => Hook.TrainBegin,
        HookKind.TrainEnd => Hook.TrainEnd,
        HookKind.EpochBegin => Hook.EpochBegin,
        HookKind.EpochEnd => Hook.EpochEnd,
        HookKind.TrainBatchBegin => Hook.TrainBatchBegin,
        _ => Hook.TrainBatchEnd,
    };

    private bool IsBatchHook => _spec.Kind is HookKind.TrainBatchBegin or HookKind.TrainBatchEnd;

    public override bool HasState => false;

    public override void DeclareState(CodeWriter writer)
    {
    }

    public override string? Plan(Hook hook) =>
        hook != Hook ? null : $"call {_spec.Method}({_spec.Arguments.Replace("RunningLogs()", "running values read from the device").Replace("_session", "session")}){Describe(_spec.Filter, IsBatchHook)}";

    public override void Emit(Hook hook, CodeWriter writer)
    {
        var target = _spec.IsStatic ? _modelType : "_model";
        var condition = IsBatchHook ? BatchCondition(_spec.Filter) : _spec.Kind is HookKind.EpochBegin or HookKind.EpochEnd ? EpochCondition(_spec.Filter) : null;
        Guarded(writer, condition, $"{target}.{_spec.Method}({_spec.Arguments});");
    }
}
