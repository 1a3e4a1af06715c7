using Declarative.Generators.Tests.Support;
using Declarative.Generators.Callbacks;

namespace Declarative.Generators.Tests;

/// <summary>The table of callback kinds is the one place the generator learns about an attribute.</summary>
public class CallbackKindsTests
{
    [Fact]
    public void Every_attribute_of_the_runtime_library_makes_a_class_a_model()
    {
        var runtime = typeof(Declarative.Training.TrainingLoop).Assembly;
        var attributes = runtime.GetTypes()
            .Where(t => t.Namespace == "Declarative" && t.IsSubclassOf(typeof(Attribute)) && !t.IsAbstract)
            .Select(t => t.FullName!)
            .ToList();

        Assert.NotEmpty(attributes);
        Assert.All(attributes, name => Assert.True(
            CallbackKinds.ClassTriggers.Contains(name) || CallbackKinds.MethodTriggers.Contains(name),
            $"{name} is in no row of CallbackKinds.All, nor a metric: the generator would ignore it."));
    }

    [Fact]
    public void The_run_order_puts_learning_rate_setters_first_and_backups_last()
    {
        var kinds = CallbackKinds.All;
        var setters = kinds.Select((kind, index) => (kind, index)).Where(k => k.kind.SetsLearningRate).Select(k => k.index).ToList();

        Assert.Equal(
            ["LearningRateScheduler", "ReduceLROnPlateau", "WarmupCosineSchedule", "OneCycleSchedule", "LinearSchedule", "TorchScheduler", "StochasticWeightAveraging"],
            kinds.Where(k => k.SetsLearningRate).Select(k => k.Name));
        Assert.Equal(Enumerable.Range(0, setters.Count), setters);
        Assert.Equal("BackupAndRestore", kinds[^1].Name);
    }

    // DCB0017's pairs: a callback that sets the rate to values of its own shares it with none; two that multiply the
    // rate they find compose.
    [Fact]
    public void Only_callbacks_that_multiply_the_rate_they_find_may_share_an_optimizer()
    {
        var kinds = CallbackKinds.All.ToDictionary(k => k.Name);

        Assert.False(kinds["LinearSchedule"].ConflictsWith(kinds["ReduceLROnPlateau"]));
        Assert.True(kinds["WarmupCosineSchedule"].ConflictsWith(kinds["ReduceLROnPlateau"]));
        Assert.True(kinds["LinearSchedule"].ConflictsWith(kinds["TorchScheduler"]));
        Assert.True(kinds["LearningRateScheduler"].ConflictsWith(kinds["LinearSchedule"]));
        Assert.False(kinds["EarlyStopping"].ConflictsWith(kinds["OneCycleSchedule"]));
    }

    [Fact]
    public void Where_a_kind_is_declared_and_whether_it_repeats_come_from_its_attribute()
    {
        var kinds = CallbackKinds.All.ToDictionary(k => k.Name);

        Assert.True(kinds["EarlyStopping"].AllowMultiple);
        Assert.False(kinds["ReduceLROnPlateau"].AllowMultiple);
        Assert.True(kinds["Hooks"].OnMethods);
        Assert.Equal(Declarative.Training.HookTable.All.Count(h => h.Attribute is not null), kinds["Hooks"].Attributes.Count);
        Assert.False(kinds["CsvLogger"].OnMethods);
    }
}

/// <summary>
/// The dispatcher calls every hook a built-in callback's runtime type implements, and backs up the callbacks whose type
/// implements IPersistentState: what is wired is what the runtime type says, never what its declared settings use, so a
/// run that constructs the callback with other settings finds every hook wired.
/// </summary>
public class RuntimeTypeWiringTests
{
    // A declaration of each built-in kind, the least its attribute allows.
    private static readonly Dictionary<string, string> Declarations = new()
    {
        ["LearningRateScheduler"] = "[LearningRateScheduler(nameof(Schedule))]",
        ["ReduceLROnPlateau"] = """[ReduceLROnPlateau(Monitor = "loss")]""",
        ["StochasticWeightAveraging"] = "[StochasticWeightAveraging(0.01, 5)]",
        ["EMAWeightAveraging"] = "[EMAWeightAveraging]",
        ["ModelSummary"] = "[ModelSummary]",
        ["TerminateOnNaN"] = "[TerminateOnNaN]",
        ["EarlyStopping"] = """[EarlyStopping(Monitor = "loss")]""",
        ["Timer"] = """[Timer("00:01:00")]""",
        ["ModelCheckpoint"] = """[ModelCheckpoint("model.bin")]""",
        ["CsvLogger"] = """[CsvLogger("history.csv")]""",
        ["TensorBoard"] = """[TensorBoard("tensorboard")]""",
        ["BackupAndRestore"] = """[BackupAndRestore("backup")]""",
        ["WarmupCosineSchedule"] = "[WarmupCosineSchedule]",
        ["OneCycleSchedule"] = "[OneCycleSchedule(0.1)]",
        ["LinearSchedule"] = "[LinearSchedule]",
        ["TorchScheduler"] = "[TorchScheduler(nameof(CreateScheduler))]",
    };

    public static TheoryData<string> BuiltInKinds => new(CallbackKinds.All.Where(k => k.RuntimeType is not null).Select(k => k.Name));

    [Theory]
    [MemberData(nameof(BuiltInKinds))]
    public void Every_hook_interface_of_the_runtime_type_is_called_and_its_state_backed_up_exactly_when_it_keeps_some(string kind)
    {
        var row = CallbackKinds.All.Single(k => k.Name == kind);
        var runtime = typeof(Declarative.Training.TrainingLoop).Assembly.GetType(row.RuntimeType!, throwOnError: true)!;
        var implemented = runtime.GetInterfaces().Select(i => i.IsGenericType ? i.GetGenericTypeDefinition() : i).Select(i => i.FullName!.Split('`')[0]).ToHashSet();
        Assert.True(Declarations.ContainsKey(kind), $"Add a declaration of {kind} to this test.");

        var source = $$"""
            using Declarative;
            using TorchSharp.Modules;
            using static TorchSharp.torch;

            {{Declarations[kind]}}
            public partial class M : nn.Module<Tensor, Tensor>
            {
                private readonly Linear _layer = nn.Linear(1, 1);
                public M() : base(nameof(M)) => RegisterComponents();
                public override Tensor forward(Tensor input) => _layer.call(input);
                static double Schedule(int epoch) => 0.1;
                static optim.lr_scheduler.LRScheduler CreateScheduler(optim.Optimizer optimizer) => optim.lr_scheduler.StepLR(optimizer, 10);
            }
            """;
        var (result, output) = GeneratorHarness.Run(source);
        Assert.Empty(GeneratorHarness.Problems(output));
        var code = GeneratorHarness.Files(result)["M.Callbacks.g.cs"];

        foreach (var hook in Declarative.Training.HookTable.All)
        {
            var handles = hook.Interfaces.Any(i => implemented.Contains(i.Interface.Split('<')[0]));
            var body = DispatcherMethod(code, hook.Method);
            Assert.True(handles == body.Contains($"_callbacks.{kind}.{hook.Method}(", StringComparison.Ordinal),
                $"{kind}: its runtime type {(handles ? "handles" : "does not handle")} {hook.Method}, but the dispatcher {(handles ? "does not call" : "calls")} it.");
        }

        var persistent = typeof(IPersistentState).IsAssignableFrom(runtime);
        Assert.Equal(persistent, code.Contains($"state.Add(\"{kind}\"", StringComparison.Ordinal));
    }

    // The body of one of the dispatcher's hook methods.
    private static string DispatcherMethod(string code, string method)
    {
        var dispatcher = code[code.IndexOf("struct CallbackDispatcher", StringComparison.Ordinal)..];
        var start = dispatcher.IndexOf($"public void {method}(", StringComparison.Ordinal);
        var indent = start - dispatcher.LastIndexOf('\n', start) - 1;
        var end = dispatcher.IndexOf("\n" + new string(' ', indent) + "}\n", start, StringComparison.Ordinal);
        return dispatcher[start..end];
    }
}
