using System.Collections.Generic;
using Declarative.Generators.Models;

namespace Declarative.Generators.Emitting;

/// <summary>A user-defined callback: the generator calls exactly the hook interfaces its class implements.</summary>
internal sealed class UserCallbackEmitter : CallbackEmitter
{
    private readonly UserCallbackSpec _spec;
    private readonly string _logsType;

    public UserCallbackEmitter(UserCallbackSpec spec, string logsType)
    {
        _spec = spec;
        _logsType = logsType;
    }

    public override string Attribute => _spec.Attribute;

    public override bool ReadsRunningLogs => Has(HookSet.TrainBatchEndWithLogs);

    public override bool CountsBatches => _spec.Filter.FiltersBatches;

    private string Type => _spec.IsGeneric ? $"{_spec.Type}<{_logsType}>" : _spec.Type;

    public override void DeclareState(CodeWriter writer)
    {
        writer.Line($"/// <summary>{Code.Xml(_spec.Attribute)}</summary>");
        writer.Line($"public {Type} {_spec.Property} {{ get; }} = new();");
    }

    public override string? Plan(Hook hook)
    {
        var calls = new List<string>();
        switch (hook)
        {
            case Hook.TrainBegin when Has(HookSet.TrainBegin):
                calls.Add("OnTrainBegin(session)");
                break;
            case Hook.EpochBegin when Has(HookSet.EpochBegin):
                calls.Add("OnEpochBegin(epoch)" + Describe(_spec.Filter, batches: false));
                break;
            case Hook.TrainBatchBegin when Has(HookSet.TrainBatchBegin):
                calls.Add("OnTrainBatchBegin(batch)" + Describe(_spec.Filter, batches: true));
                break;
            case Hook.TrainBatchEnd:
                if (Has(HookSet.TrainBatchEnd)) calls.Add("OnTrainBatchEnd(batch)" + Describe(_spec.Filter, batches: true));
                if (Has(HookSet.TrainBatchEndWithLogs)) calls.Add("OnTrainBatchEnd(batch, running values read from the device)" + Describe(_spec.Filter, batches: true));
                break;
            case Hook.EpochEnd when Has(HookSet.EpochEnd):
                calls.Add("OnEpochEnd(epoch, logs)" + Describe(_spec.Filter, batches: false));
                break;
            case Hook.TrainEnd when Has(HookSet.TrainEnd):
                calls.Add("OnTrainEnd(end)");
                break;
        }

        return calls.Count == 0 ? null : "call " + string.Join(", then ", calls);
    }

    // Called through the interface, so that explicit interface implementations work too.
    public override void Emit(Hook hook, CodeWriter writer)
    {
        var state = "_callbacks." + _spec.Property;
        switch (hook)
        {
            case Hook.TrainBegin:
                writer.Line($"((global::Declarative.IOnTrainBegin){state}).OnTrainBegin(session);");
                break;
            case Hook.EpochBegin:
                Guarded(writer, EpochCondition(_spec.Filter), $"((global::Declarative.IOnEpochBegin){state}).OnEpochBegin(epoch);");
                break;
            case Hook.TrainBatchBegin:
                Guarded(writer, BatchCondition(_spec.Filter), $"((global::Declarative.IOnTrainBatchBegin){state}).OnTrainBatchBegin(batch);");
                break;
            case Hook.TrainBatchEnd:
                if (Has(HookSet.TrainBatchEnd)) Guarded(writer, BatchCondition(_spec.Filter), $"((global::Declarative.IOnTrainBatchEnd){state}).OnTrainBatchEnd(batch);");
                if (Has(HookSet.TrainBatchEndWithLogs)) Guarded(writer, BatchCondition(_spec.Filter), $"((global::Declarative.IOnTrainBatchEnd<{_logsType}>){state}).OnTrainBatchEnd(batch, RunningLogs());");
                break;
            case Hook.EpochEnd:
                Guarded(writer, EpochCondition(_spec.Filter), $"((global::Declarative.IOnEpochEnd<{_logsType}>){state}).OnEpochEnd(epoch, in logs);");
                break;
            case Hook.TrainEnd:
                writer.Line($"((global::Declarative.IOnTrainEnd){state}).OnTrainEnd(end);");
                break;
        }
    }

    private bool Has(HookSet hook) => (_spec.Hooks & hook) != 0;

    public override void EmitSaveState(CodeWriter writer)
    {
        if (_spec.IsPersistent) writer.Line($"backup.Write({Code.Literal(_spec.Property)}, ((global::Declarative.IPersistentState)callbacks.{_spec.Property}).SaveState);");
    }

    public override void EmitLoadState(CodeWriter writer)
    {
        if (_spec.IsPersistent) writer.Line($"backup.Read({Code.Literal(_spec.Property)}, ((global::Declarative.IPersistentState)callbacks.{_spec.Property}).LoadState);");
    }
}
