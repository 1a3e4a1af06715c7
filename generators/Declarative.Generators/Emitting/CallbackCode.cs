using System.Collections.Generic;
using System.Linq;
using Declarative.Generators.Models;
using Declarative.Training;

namespace Declarative.Generators.Emitting;

/// <summary>
/// What one callback contributes to its model's generated files, as data: its object on <c>DeclaredCallbacks</c>, its
/// lines of the plan at each hook (what its declared settings do there), and its code at each hook: a call of every hook
/// its type handles (<see cref="CallbackSpec.Hooks"/>, so that a run constructing it with other settings finds every
/// hook wired), or, for a hook method, the call of that method. Each kind's emitter (<c>Callbacks/</c>) builds one.
/// </summary>
internal sealed class CallbackCode
{
    private readonly List<(TrainingHook Hook, string Plan)> _plan = [];
    private readonly List<(TrainingHook Hook, string Code)> _code = [];

    /// <param name="spec">The callback.</param>
    /// <param name="type">The type of its object on <c>DeclaredCallbacks</c>, or null when it has none (a hook method).</param>
    /// <param name="construction">The expression that constructs it.</param>
    /// <param name="filter">When its hooks run (a user callback's <c>EveryEpochs</c>, ...).</param>
    public CallbackCode(CallbackSpec spec, string? type = null, string? construction = null, FilterSpec? filter = null)
    {
        Spec = spec;
        Type = type;
        Construction = construction;
        Filter = filter ?? FilterSpec.Always;
    }

    public CallbackSpec Spec { get; }

    public string Property => Spec.Property;

    public string Description => Spec.Description;

    public string? Type { get; }

    public string? Construction { get; }

    public FilterSpec Filter { get; }

    /// <summary>What the plan says it does at <paramref name="hook"/>, with its declared settings.</summary>
    public IEnumerable<string> PlanAt(TrainingHook hook) => _plan.Where(p => p.Hook == hook).Select(p => p.Plan);

    /// <summary>The statements the dispatcher runs for it at <paramref name="hook"/>.</summary>
    public IEnumerable<string> CodeAt(TrainingHook hook, string logsType) =>
        _code.Where(c => c.Hook == hook).Select(c => c.Code)
            .Concat(Spec.Hooks.Where(h => h.Hook == hook).Select(h => Call(h, logsType)));

    /// <summary>At <paramref name="hook"/>, with its declared settings, it does what <paramref name="plan"/> says (its type's hook does it).</summary>
    public CallbackCode On(TrainingHook hook, string plan)
    {
        _plan.Add((hook, plan));
        return this;
    }

    /// <summary>At <paramref name="hook"/>, <paramref name="code"/> runs (a hook method's call).</summary>
    public CallbackCode On(TrainingHook hook, string plan, string code)
    {
        _plan.Add((hook, plan));
        _code.Add((hook, code));
        return this;
    }

    /// <summary>A plan line per hook its type handles: <c>call OnEpochEnd(epoch, logs) every 5th epoch</c> (a user callback's).</summary>
    public CallbackCode PlanEveryCall()
    {
        foreach (var call in Spec.Hooks)
        {
            var hook = HookTable.Of(call.Hook);
            var arguments = string.Join(", ", hook.Parameters.Take(call.Arity).Select(p => p.Plan));
            _plan.Add((call.Hook, $"call {hook.Method}({arguments})" + Filters.Describe(Filter, hook.Filter)));
        }

        return this;
    }

    // A hook of its type, called with the dispatcher's arguments, under the callback's filter.
    private string Call(HookCall call, string logsType)
    {
        var hook = HookTable.Of(call.Hook);
        var target = "_callbacks." + Property;
        if (call.ThroughInterface)
        {
            var contract = hook.Interfaces.Single(i => i.Arity == call.Arity).Interface;
            target = $"((global::{contract.Replace(HookParameter.Logs, logsType)}){target})";
        }

        return Filters.Guarded(Filters.Condition(Filter, hook.Filter), $"{target}.{hook.Method}({Arguments(hook, call.Arity, logsType, passIn: true)});");
    }

    /// <summary>The arguments of a call of <paramref name="hook"/> taking its first <paramref name="arity"/> parameters, in the dispatcher's names.</summary>
    public static string Arguments(HookDefinition hook, int arity, string logsType, bool passIn) =>
        string.Join(", ", hook.Parameters.Take(arity).Select(p =>
            p.Computed is { } computed ? computed.Replace(HookParameter.Logs, logsType) : (passIn && p.IsIn ? "in " : string.Empty) + p.Name));

    /// <summary>
    /// <c>new(new global::Declarative.EarlyStoppingAttribute { Monitor = "val_loss", Patience = 3 }, extra)</c>: a runtime
    /// callback constructed from its attribute's settings, as the user declared them.
    /// </summary>
    public static string FromSettings<TAttribute>(CallbackSpec spec, params string[] extraArguments) =>
        "new(" + string.Join(", ", new[] { Settings<TAttribute>(spec.Settings) }.Concat(extraArguments)) + ")";

    /// <summary>
    /// <c>new(global::Demo.NetLogs.Monitors.ValLoss, new global::Declarative.EarlyStoppingAttribute { Patience = 3 })</c>: a
    /// monitoring callback constructed from its monitor and its settings (the monitor says what it watches, so the
    /// settings leave <c>Monitor</c> out); with <paramref name="monitorLast"/>, the settings come first (ModelCheckpoint's
    /// file name), and no monitor is passed when <paramref name="monitor"/> is null.
    /// </summary>
    public static string Monitoring<TAttribute>(CallbackSpec spec, string? monitor, bool monitorLast = false)
    {
        var settings = Settings<TAttribute>(spec.Settings.Where(s => s.Name != nameof(MonitorAttribute.Monitor)));
        string[] arguments = monitor is null ? [settings] : monitorLast ? [settings, monitor] : [monitor, settings];
        return "new(" + string.Join(", ", arguments) + ")";
    }

    /// <summary><c>new global::Declarative.PrecisionAttribute { Threshold = 0.3 }</c>: an attribute's settings as written, on one line.</summary>
    public static string SettingsOnOneLine(string attributeType, IEnumerable<SettingCode> settings)
    {
        var list = settings.ToList();
        var positional = string.Join(", ", list.Where(s => s.IsPositional).Select(s => s.Code));
        var named = list.Where(s => !s.IsPositional).Select(s => $"{s.Name} = {s.Code}").ToList();
        return $"new {attributeType}" + (positional.Length > 0 || named.Count == 0 ? $"({positional})" : string.Empty) + (named.Count == 0 ? string.Empty : " { " + string.Join(", ", named) + " }");
    }

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
