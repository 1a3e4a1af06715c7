// Shared by the runtime library and the source generator (linked into both), so it stays netstandard2.0-compatible.
#nullable enable

using System;
using System.Linq;

namespace Declarative.Training;

/// <summary>The events of a training run, in the order they first occur; each callback hook handles one (see <see cref="HookTable"/>).</summary>
internal enum TrainingHook
{
    Setup,
    TrainBegin,
    EpochBegin,
    TrainBatchBegin,
    OptimizerStep,
    TrainBatchEnd,
    EpochEnd,
    TrainInterrupted,
    TrainEnd,
    PassBegin,
    TestBegin,
    TestBatchBegin,
    TestBatchEnd,
    TestEnd,
    PredictBegin,
    PredictBatchBegin,
    PredictBatchEnd,
    PredictEnd,
    PassEnd,
}

/// <summary>Which event filter (<c>Every</c>, <c>FromEpoch</c>) a hook takes on a user callback or a hook method.</summary>
internal enum HookFilter
{
    /// <summary>None: the hook runs at every event.</summary>
    None,

    /// <summary>Epoch filters: every N-th epoch, from an epoch on.</summary>
    Epochs,

    /// <summary>Batch filters: every N-th batch (counted across epochs), from an epoch on.</summary>
    Batches,
}

/// <summary>
/// One parameter of a hook. <see cref="Type"/> is written as generated code writes it, with <c>TLogs</c> standing for
/// the model's logs type. A parameter with a <see cref="Computed"/> expression is not one of the dispatcher's own: the
/// dispatcher computes it only for the callbacks that take it (the running values, read from the device).
/// </summary>
internal sealed class HookParameter
{
    public HookParameter(string type, string name, bool isIn = false, string? computed = null, string? plan = null)
    {
        Type = type;
        Name = name;
        IsIn = isIn;
        Computed = computed;
        Plan = plan ?? name;
    }

    /// <summary>The type, fully qualified (<c>global::Declarative.TrainingEnd</c>), or <c>int</c>, <c>long</c>, <c>TLogs</c>.</summary>
    public string Type { get; }

    public string Name { get; }

    /// <summary>Whether it is passed by <c>in</c> (the logs record).</summary>
    public bool IsIn { get; }

    /// <summary>The expression the dispatcher computes it with (<c>TLogs</c> standing for the logs type), or null for its own parameter.</summary>
    public string? Computed { get; }

    /// <summary>How the plan names it (<c>running values read from the device</c>).</summary>
    public string Plan { get; }

    /// <summary>The logs type's placeholder in <see cref="Type"/>, <see cref="Computed"/> and <see cref="HookDefinition.Interfaces"/>.</summary>
    public const string Logs = "TLogs";

    public static HookParameter Int(string name) => new("int", name);

    public static HookParameter Of(string type, string name) => new(type, name);

    /// <summary>The model's logs record of the event, passed by <c>in</c>.</summary>
    public static HookParameter LogsRecord(string name) => new(Logs, name, isIn: true);

    /// <summary>The running values of the epoch, read from the device only for a callback that takes them.</summary>
    public static HookParameter RunningLogs(string name) =>
        new(Logs, name, computed: "_session.RunningLogs<" + Logs + ">()", plan: "running values read from the device");
}

/// <summary>
/// One hook of a run: the event it handles, the method every callback implements for it, its parameters, the interfaces
/// that declare it (one per number of parameters a callback may take), the attribute that marks a model's method as one,
/// and how the plan speaks of it. Everything else that lists hooks is derived from <see cref="HookTable.All"/>.
/// </summary>
internal sealed class HookDefinition
{
    public HookDefinition(
        TrainingHook hook,
        HookParameter[] parameters,
        (string Interface, int Arity)[] interfaces,
        Type? attribute,
        int minimumArity,
        HookFilter filter,
        bool listedWhenUnused,
        string nothing = "nothing")
    {
        Hook = hook;
        Parameters = parameters;
        Interfaces = interfaces;
        Attribute = attribute;
        MinimumArity = minimumArity;
        Filter = filter;
        ListedWhenUnused = listedWhenUnused;
        Nothing = nothing;
    }

    public TrainingHook Hook { get; }

    /// <summary>The method's name on every callback, on the dispatcher and on the hook interfaces: <c>OnEpochEnd</c>.</summary>
    public string Method => "On" + Hook;

    /// <summary>Every parameter a callback may take, in order; the dispatcher's own first, then the computed ones.</summary>
    public HookParameter[] Parameters { get; }

    /// <summary>The dispatcher's own parameters: the runtime contract (<c>ITrainingCallbacks</c>) of this hook.</summary>
    public HookParameter[] OwnParameters => Parameters.Where(p => p.Computed is null).ToArray();

    /// <summary>
    /// The interfaces a callback implements to handle the hook, by their metadata display name (<c>Declarative.IOnEpochEnd&lt;TLogs&gt;</c>),
    /// each with the number of leading <see cref="Parameters"/> its method takes.
    /// </summary>
    public (string Interface, int Arity)[] Interfaces { get; }

    /// <summary>The interface the dispatcher itself implements for the hook (the one of its own parameters).</summary>
    public string Contract => Interfaces.Single(i => i.Arity == OwnParameters.Length).Interface;

    /// <summary>The attribute that marks a model's method to run at this hook, or null when none does.</summary>
    public Type? Attribute { get; }

    /// <summary>The fewest leading parameters a hook method may take (it may take any number up to all of them).</summary>
    public int MinimumArity { get; }

    public HookFilter Filter { get; }

    /// <summary>Whether the plan lists the hook when nothing runs at it (the training loop's own hooks are always shown).</summary>
    public bool ListedWhenUnused { get; }

    /// <summary>What the plan says when nothing runs at the hook.</summary>
    public string Nothing { get; }
}

/// <summary>
/// Every hook of a run, once, in the order they first occur. The runtime's contract (the hook interfaces, which
/// <c>ITrainingCallbacks</c> extends) and the generator's lists (the dispatcher's methods, the wiring of user callbacks
/// and of hook methods, the plan) come from here: adding a hook is a row, its interface, its attribute, and the place
/// the training loop raises it (see docs/contributing.md).
/// </summary>
internal static class HookTable
{
    private const string Session = "global::Declarative.Training.TrainingSession";
    private const string End = "global::Declarative.TrainingEnd";

    public static readonly HookDefinition[] All =
    [
        new(TrainingHook.Setup, [HookParameter.Of(Session, "session")], [("Declarative.IOnSetup", 1)],
            attribute: null, minimumArity: 1, HookFilter.None, listedWhenUnused: false),
        new(TrainingHook.TrainBegin, [HookParameter.Of(Session, "session")], [("Declarative.IOnTrainBegin", 1)],
            typeof(OnTrainBeginAttribute), minimumArity: 0, HookFilter.None, listedWhenUnused: true),
        new(TrainingHook.EpochBegin, [HookParameter.Int("epoch")], [("Declarative.IOnEpochBegin", 1)],
            typeof(OnEpochBeginAttribute), minimumArity: 1, HookFilter.Epochs, listedWhenUnused: true),
        new(TrainingHook.TrainBatchBegin, [HookParameter.Int("batch")], [("Declarative.IOnTrainBatchBegin", 1)],
            typeof(OnTrainBatchBeginAttribute), minimumArity: 1, HookFilter.Batches, listedWhenUnused: true),
        new(TrainingHook.OptimizerStep, [new HookParameter("long", "step")], [("Declarative.IOnOptimizerStep", 1)],
            typeof(OnOptimizerStepAttribute), minimumArity: 0, HookFilter.None, listedWhenUnused: false),
        new(TrainingHook.TrainBatchEnd, [HookParameter.Int("batch"), HookParameter.RunningLogs("logs")],
            [("Declarative.IOnTrainBatchEnd", 1), ("Declarative.IOnTrainBatchEnd<TLogs>", 2)],
            typeof(OnTrainBatchEndAttribute), minimumArity: 1, HookFilter.Batches, listedWhenUnused: true, nothing: "nothing; running values stay on the device"),
        new(TrainingHook.EpochEnd, [HookParameter.Int("epoch"), HookParameter.LogsRecord("logs")], [("Declarative.IOnEpochEnd", 1), ("Declarative.IOnEpochEnd<TLogs>", 2)],
            typeof(OnEpochEndAttribute), minimumArity: 1, HookFilter.Epochs, listedWhenUnused: true),
        new(TrainingHook.TrainInterrupted, [HookParameter.Of(End, "end")], [("Declarative.IOnTrainInterrupted", 1)],
            attribute: null, minimumArity: 1, HookFilter.None, listedWhenUnused: false),
        new(TrainingHook.TrainEnd, [HookParameter.Of(End, "end")], [("Declarative.IOnTrainEnd", 1)],
            typeof(OnTrainEndAttribute), minimumArity: 0, HookFilter.None, listedWhenUnused: true),
        new(TrainingHook.PassBegin, [], [("Declarative.IOnPassBegin", 0)],
            attribute: null, minimumArity: 0, HookFilter.None, listedWhenUnused: false),
        new(TrainingHook.TestBegin, [], [("Declarative.IOnTestBegin", 0)],
            typeof(OnTestBeginAttribute), minimumArity: 0, HookFilter.None, listedWhenUnused: false),
        new(TrainingHook.TestBatchBegin, [HookParameter.Int("batch")], [("Declarative.IOnTestBatchBegin", 1)],
            typeof(OnTestBatchBeginAttribute), minimumArity: 1, HookFilter.None, listedWhenUnused: false),
        new(TrainingHook.TestBatchEnd, [HookParameter.Int("batch")], [("Declarative.IOnTestBatchEnd", 1)],
            typeof(OnTestBatchEndAttribute), minimumArity: 1, HookFilter.None, listedWhenUnused: false),
        new(TrainingHook.TestEnd, [HookParameter.LogsRecord("logs")], [("Declarative.IOnTestEnd<TLogs>", 1)],
            typeof(OnTestEndAttribute), minimumArity: 0, HookFilter.None, listedWhenUnused: false),
        new(TrainingHook.PredictBegin, [], [("Declarative.IOnPredictBegin", 0)],
            typeof(OnPredictBeginAttribute), minimumArity: 0, HookFilter.None, listedWhenUnused: false),
        new(TrainingHook.PredictBatchBegin, [HookParameter.Int("batch")], [("Declarative.IOnPredictBatchBegin", 1)],
            typeof(OnPredictBatchBeginAttribute), minimumArity: 1, HookFilter.None, listedWhenUnused: false),
        new(TrainingHook.PredictBatchEnd, [HookParameter.Int("batch")], [("Declarative.IOnPredictBatchEnd", 1)],
            typeof(OnPredictBatchEndAttribute), minimumArity: 1, HookFilter.None, listedWhenUnused: false),
        new(TrainingHook.PredictEnd, [], [("Declarative.IOnPredictEnd", 0)],
            typeof(OnPredictEndAttribute), minimumArity: 0, HookFilter.None, listedWhenUnused: false),
        new(TrainingHook.PassEnd, [], [("Declarative.IOnPassEnd", 0)],
            attribute: null, minimumArity: 0, HookFilter.None, listedWhenUnused: false),
    ];

    /// <summary>The row of <paramref name="hook"/>.</summary>
    public static HookDefinition Of(TrainingHook hook) => All.First(h => h.Hook == hook);
}
