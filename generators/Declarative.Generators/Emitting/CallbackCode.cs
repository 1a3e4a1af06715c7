using System.Collections.Generic;
using System.Linq;
using Declarative.Generators.Models;
using Declarative.Training;

namespace Declarative.Generators.Emitting;

/// <summary>One step a callback takes at a hook: what the plan says, and the statement the dispatcher runs.</summary>
internal sealed record CallbackStep(TrainingHook Hook, string Plan, string Code);

/// <summary>
/// What one callback contributes to its model's generated file, as data: its object on <c>DeclaredCallbacks</c>, its
/// steps at each hook (each with its line of the plan and its code, so the plan and the code cannot disagree), and
/// whether its state goes into backups. Each kind's emitter (<c>Callbacks/</c>) builds one.
/// </summary>
internal sealed class CallbackCode
{
    private readonly List<CallbackStep> _steps = [];

    /// <param name="spec">The callback.</param>
    /// <param name="type">The type of its object on <c>DeclaredCallbacks</c>, or null when it has none (a hook method).</param>
    /// <param name="construction">The expression that constructs it.</param>
    public CallbackCode(CallbackSpec spec, string? type = null, string? construction = null)
    {
        Spec = spec;
        Type = type;
        Construction = construction;
    }

    public CallbackSpec Spec { get; }

    public string Property => Spec.Property;

    public string Description => Spec.Description;

    public string? Type { get; }

    public string? Construction { get; }

    /// <summary>How its state is reached for backups (<c>callbacks.EarlyStopping</c>), or null when it keeps none.</summary>
    public string? State { get; private set; }

    /// <summary>Whether its code filters on <c>_batches</c>, the count of batches since training began.</summary>
    public bool CountsBatches { get; private set; }

    public IReadOnlyList<CallbackStep> Steps => _steps;

    public IEnumerable<CallbackStep> At(TrainingHook hook) => _steps.Where(s => s.Hook == hook);

    /// <summary>At <paramref name="hook"/>, the callback's own hook method is called (its object implements the hook's interface).</summary>
    public CallbackCode On(TrainingHook hook, string plan) => On(hook, plan, $"_callbacks.{Property}.{Method(hook)}({Arguments(hook)});");

    /// <summary>At <paramref name="hook"/>, <paramref name="code"/> runs.</summary>
    public CallbackCode On(TrainingHook hook, string plan, string code)
    {
        _steps.Add(new CallbackStep(hook, plan, code));
        return this;
    }

    /// <summary>Its state is saved in backups and restored on resume (it implements IPersistentState).</summary>
    public CallbackCode Persistent(string? state = null)
    {
        State = state ?? "callbacks." + Property;
        return this;
    }

    public CallbackCode FilteringBatches(bool filters)
    {
        CountsBatches |= filters;
        return this;
    }

    /// <summary>The name of a hook's method, on the dispatcher and on every callback (<c>OnEpochEnd</c>).</summary>
    public static string Method(TrainingHook hook) => "On" + hook;

    /// <summary>The arguments the dispatcher passes to a hook (its own parameters).</summary>
    public static string Arguments(TrainingHook hook) => hook switch
    {
        TrainingHook.TrainBegin => "session",
        TrainingHook.EpochBegin => "epoch",
        TrainingHook.TrainBatchBegin or TrainingHook.TrainBatchEnd or TrainingHook.TestBatchBegin or TrainingHook.TestBatchEnd
            or TrainingHook.PredictBatchBegin or TrainingHook.PredictBatchEnd => "batch",
        TrainingHook.EpochEnd => "epoch, in logs",
        TrainingHook.TestEnd => "in logs",
        TrainingHook.TrainEnd => "end",
        _ => string.Empty,
    };

    /// <summary>
    /// <c>new(new global::Declarative.EarlyStoppingAttribute { Monitor = "val_loss", Patience = 3 }, extra)</c>: a runtime
    /// callback constructed from its attribute's settings, as the user declared them.
    /// </summary>
    public static string FromSettings<TAttribute>(CallbackSpec spec, params string[] extraArguments) =>
        "new(" + string.Join(", ", new[] { Settings<TAttribute>(spec.Settings) }.Concat(extraArguments)) + ")";

    /// <summary><c>new global::Declarative.EarlyStoppingAttribute { Monitor = "val_loss", Patience = 3 }</c>: an attribute's settings as written.</summary>
    public static string Settings<TAttribute>(IEnumerable<SettingCode> settings)
    {
        var list = settings.ToList();
        var positional = string.Join(", ", list.Where(s => s.IsPositional).Select(s => s.Code));
        var named = list.Where(s => !s.IsPositional).Select(s => $"    {s.Name} = {s.Code},").ToList();
        var constructor = $"new global::{typeof(TAttribute).FullName}" + (positional.Length > 0 || named.Count == 0 ? $"({positional})" : string.Empty);
        return constructor + (named.Count == 0 ? string.Empty : "\n{\n" + string.Join("\n", named) + "\n}");
    }
}
