using System.Text.RegularExpressions;
using Declarative.Generators.Tests.Support;
using Microsoft.CodeAnalysis;

namespace Declarative.Generators.Tests;

/// <summary>
/// The generated file for several attribute combinations, compared with checked-in baselines, and compiled: the
/// generated code must build without a single error or warning.
/// </summary>
public class GeneratedCodeTests
{
    private const string Usings = """
        using Declarative;
        using TorchSharp;
        using TorchSharp.Modules;
        using static TorchSharp.torch;

        """;

    public static TheoryData<string, string> Models => new()
    {
        {
            "ProductCard", Usings + """
            namespace Demo;

            [EarlyStopping(Monitor = "val_loss", Patience = 3, RestoreBestWeights = true)]
            [ModelCheckpoint("checkpoints/net-{epoch:02d}-{val_loss:.3f}.bin", Monitor = "val_loss", SaveBestOnly = true)]
            [LearningRateScheduler(nameof(Schedule))]
            [Accuracy]
            public partial class Net : nn.Module<Tensor, Tensor>
            {
                private readonly Linear _layer = nn.Linear(4, 3);
                public Net() : base(nameof(Net)) => RegisterComponents();
                public override Tensor forward(Tensor input) => _layer.call(input);
                static double Schedule(int epoch, double lr) => epoch < 10 ? lr : lr * System.Math.Exp(-0.1);
            }
            """
        },
        {
            "MetricsOnly", Usings + """
            namespace Demo.Regression;

            [MeanAbsoluteError]
            [MeanSquaredError]
            internal sealed partial class Regressor : nn.Module<Tensor, Tensor>
            {
                private readonly Linear _layer = nn.Linear(4, 1);
                public Regressor() : base(nameof(Regressor)) => RegisterComponents();
                public override Tensor forward(Tensor input) => _layer.call(input);
            }
            """
        },
        {
            "Everything", Usings + """
            namespace Demo;

            [BinaryAccuracy(Threshold = 0)]
            [EarlyStopping(Monitor = "val_f1", MinDelta = 0.001, Patience = 5, Baseline = 0.5, StartFromEpoch = 2, Verbose = true)]
            [EarlyStopping(Monitor = "loss", Mode = MonitorMode.Min, RestoreBestWeights = true)]
            [ModelCheckpoint("runs/{epoch:03d}/batch-{batch:04d}-{loss:.2e}.bin", SaveFrequency = 100, Monitor = "loss", SaveBestOnly = true, SaveWeightsOnly = true)]
            [ModelCheckpoint("runs/last.bin", InitialValueThreshold = 0.9, Verbose = true)]
            [LearningRateScheduler(nameof(Warmup), Verbose = true)]
            public partial class Detector : nn.Module<Tensor, Tensor>
            {
                private readonly Linear _layer = nn.Linear(4, 1);
                public Detector() : base(nameof(Detector)) => RegisterComponents();
                public override Tensor forward(Tensor input) => _layer.call(input).squeeze(1);
                public static double Warmup(int epoch) => epoch < 5 ? 0.001 * (epoch + 1) : 0.005;

                [Metric(Name = "f1", Direction = MetricDirection.Maximize)]
                private static Tensor F1Score(Tensor output, Tensor target) => output.gt(0).eq(target.gt(0.5)).to_type(ScalarType.Float32);

                [Metric]
                public Tensor MarginError(Tensor output, Tensor target) => (output - target).abs();
            }
            """
        },
        {
            "NestedInternal", Usings + """
            public static partial class Experiments
            {
                [Accuracy]
                [ModelCheckpoint(@"C:\models\{epoch}.bin")]
                internal partial class Tiny : nn.Module<Tensor, Tensor>
                {
                    private readonly Linear _layer = nn.Linear(2, 2);
                    public Tiny() : base(nameof(Tiny)) => RegisterComponents();
                    public override Tensor forward(Tensor input) => _layer.call(input);
                }
            }
            """
        },
        {
            "CompleteSet", Usings + """
            using Declarative.Training;

            namespace Demo;

            [Accuracy]
            [Throughput]
            [ModelSummary(MaxDepth = 2)]
            [ReduceLROnPlateau(Monitor = "val_loss", Factor = 0.5, Patience = 2, Cooldown = 1, MinLearningRate = 1e-5, Verbose = true)]
            [TerminateOnNaN(RaiseError = true)]
            [EarlyStopping(Monitor = "val_accuracy", Patience = 4, RestoreBestWeights = true)]
            [CsvLogger("runs/net/history.csv", Separator = ';', Append = true)]
            [TensorBoard("runs/net/tensorboard", UpdateFrequency = 50, HistogramFrequency = 5)]
            [Callback(typeof(Printer<>), EveryEpochs = 5)]
            [Callback(typeof(GradientNorm), EveryBatches = 100, FromEpoch = 1)]
            public partial class Net : nn.Module<Tensor, Tensor>
            {
                private readonly Linear _layer = nn.Linear(4, 3);
                public Net() : base(nameof(Net)) => RegisterComponents();
                public override Tensor forward(Tensor input) => _layer.call(input);

                [OnTrainBegin] void Begin(TrainingSession session) { }
                [OnEpochEnd(Every = 10, FromEpoch = 20)] static void Report(int epoch, NetLogs logs) { }
                [OnTrainBatchEnd(Every = 25)] void Batch(int batch, in NetLogs logs) { }
                [OnTrainEnd] void End(TrainingEnd end) { }
            }

            public sealed class Printer<TLogs> : IOnEpochEnd<TLogs> where TLogs : struct, ITrainingLogs<TLogs>
            {
                public void OnEpochEnd(int epoch, in TLogs logs) { }
            }

            public sealed class GradientNorm : IOnTrainBegin, IOnTrainBatchEnd
            {
                public void OnTrainBegin(TrainingSession session) { }
                void IOnTrainBatchEnd.OnTrainBatchEnd(int batch) { }
            }
            """
        },
        {
            "ExponentialAverage", Usings + """
            namespace Demo;

            [Accuracy]
            [EMAWeightAveraging(Decay = 0.99, UpdateEverySteps = 4, StartStep = 100, EndWithAveragedWeights = false)]
            [EarlyStopping(Monitor = "val_accuracy", Patience = 3)]
            [ModelCheckpoint("checkpoints/{model}/best.bin", Monitor = "val_accuracy", SaveBestOnly = true)]
            [BackupAndRestore("runs/backup")]
            public partial class EmaNet : nn.Module<Tensor, Tensor>
            {
                private readonly Linear _layer = nn.Linear(4, 3);
                public EmaNet() : base(nameof(EmaNet)) => RegisterComponents();
                public override Tensor forward(Tensor input) => _layer.call(input);
            }
            """
        },
        {
            "StochasticAverage", Usings + """
            namespace Demo;

            [StochasticWeightAveraging(0.005, 15, AnnealingEpochs = 3, AnnealingStrategy = AnnealingStrategy.Linear)]
            [LearningRateScheduler(nameof(Decay))]
            public partial class SwaNet : nn.Module<Tensor, Tensor>
            {
                private readonly Sequential _layers = nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8), nn.Linear(8, 3));
                public SwaNet() : base(nameof(SwaNet)) => RegisterComponents();
                public override Tensor forward(Tensor input) => _layers.call(input);
                static double Decay(int epoch, double lr) => lr * 0.95;
            }
            """
        },
        {
            "CustomStep", Usings + """
            using Declarative.Training;

            namespace Demo;

            public sealed record Pair(Tensor Left, Tensor Right, Tensor Label)
            {
                public Pair To(Device device) => new(Left.to(device), Right.to(device), Label.to(device));
            }

            [Accuracy]
            [ClipGradients(MaxNorm = 1.0, LogNorm = true)]
            [AccumulateGradients(2)]
            [ReduceLROnPlateau(Monitor = "val_loss", Patience = 2)]
            public partial class Siamese : nn.Module<Tensor, Tensor, Tensor>
            {
                private readonly Linear _layer = nn.Linear(4, 2);
                public Siamese() : base(nameof(Siamese)) => RegisterComponents();
                public override Tensor forward(Tensor left, Tensor right) => _layer.call(cat([left, right], 1));

                [TrainingStep]
                private StepResult Step(Pair batch)
                {
                    var output = forward(batch.Left, batch.Right);
                    return new StepResult(nn.functional.cross_entropy(output, batch.Label), output, batch.Label);
                }

                [Metric(Direction = MetricDirection.Minimize)]
                private static Tensor Spread(StepResult result) => result.Output!.std();
            }
            """
        },
        {
            "ManualOptimization", Usings + """
            using Declarative.Training;

            namespace Demo;

            public readonly record struct GanLosses(Tensor Loss, Tensor Critic);

            [LearningRateScheduler(nameof(Decay), Optimizer = "generator")]
            [CsvLogger("gan.csv")]
            public partial class Gan : nn.Module<Tensor, Tensor>
            {
                private readonly Linear _generator = nn.Linear(2, 2);
                private readonly Linear _critic = nn.Linear(2, 1);
                public Gan() : base(nameof(Gan)) => RegisterComponents();
                public override Tensor forward(Tensor noise) => _generator.call(noise);
                static double Decay(int epoch, double lr) => lr * 0.9;

                [TrainingStep]
                private GanLosses Step(Tensor real, optim.Optimizer generator, optim.Optimizer critic)
                {
                    critic.zero_grad();
                    var criticLoss = _critic.call(forward(randn_like(real)).detach()).mean() - _critic.call(real).mean();
                    criticLoss.backward();
                    critic.step();
                    generator.zero_grad();
                    var loss = -_critic.call(forward(randn_like(real))).mean();
                    loss.backward();
                    generator.step();
                    return new GanLosses(loss, criticLoss);
                }

                [ValidationStep]
                private GanLosses Validate(Tensor real) => new(-_critic.call(forward(randn_like(real))).mean(), _critic.call(real).mean());

                [Metric(Name = "critic_loss", Direction = MetricDirection.Minimize)]
                private static Tensor CriticLoss(GanLosses losses) => losses.Critic;
            }
            """
        },
        {
            "Schedules", Usings + """
            namespace Demo;

            [AccumulateGradients(4)]
            [LinearSchedule(Steps = 500, StartFactor = 0.01)]
            [ReduceLROnPlateau(Monitor = "val_loss", Patience = 2)]
            public partial class Warmed : nn.Module<Tensor, Tensor>
            {
                private readonly Linear _layer = nn.Linear(4, 3);
                public Warmed() : base(nameof(Warmed)) => RegisterComponents();
                public override Tensor forward(Tensor input) => _layer.call(input);
            }

            [OneCycleSchedule(0.01, Optimizer = "generator")]
            [TorchScheduler(nameof(CreateScheduler), Interval = ScheduleInterval.Step, Optimizer = "critic")]
            public partial class Cycled : nn.Module<Tensor, Tensor>
            {
                private readonly Linear _generator = nn.Linear(2, 2);
                private readonly Linear _critic = nn.Linear(2, 1);
                public Cycled() : base(nameof(Cycled)) => RegisterComponents();
                public override Tensor forward(Tensor noise) => _generator.call(noise);
                static optim.lr_scheduler.LRScheduler CreateScheduler(optim.Optimizer optimizer) => optim.lr_scheduler.ExponentialLR(optimizer, 0.999);

                [TrainingStep]
                private Tensor Step(Tensor real, optim.Optimizer generator, optim.Optimizer critic)
                {
                    critic.zero_grad();
                    var criticLoss = _critic.call(forward(randn_like(real)).detach()).mean() - _critic.call(real).mean();
                    criticLoss.backward();
                    critic.step();
                    generator.zero_grad();
                    var loss = -_critic.call(forward(randn_like(real))).mean();
                    loss.backward();
                    generator.step();
                    return loss;
                }
            }
            """
        },
        {
            "MethodTriggerOnly", Usings + """
            namespace Demo;

            public partial class Ranker : nn.Module<Tensor, Tensor>
            {
                private readonly Linear _layer = nn.Linear(2, 2);
                public Ranker() : base(nameof(Ranker)) => RegisterComponents();
                public override Tensor forward(Tensor input) => _layer.call(input);

                [Metric(Direction = MetricDirection.Maximize)]
                public static Tensor Top1(Tensor output, Tensor target) => output.argmax(1).eq(target).to_type(ScalarType.Float32);
            }
            """
        },
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void Generated_code_matches_its_baseline_and_builds_without_warnings(string name, string source)
    {
        var (result, output) = GeneratorHarness.Run(source);

        Assert.Null(result.Exception);
        Assert.Empty(result.Diagnostics);
        Baseline.Verify(name + ".g.cs", GeneratorHarness.Generated(result));
        Assert.Empty(GeneratorHarness.Problems(output));
    }

    [Theory]
    [InlineData("Tensor source, Tensor target", "(global::TorchSharp.torch.Tensor Input1, global::TorchSharp.torch.Tensor Input2, global::TorchSharp.torch.Tensor Target)")]
    [InlineData("Tensor item2, Tensor other", "(global::TorchSharp.torch.Tensor Input1, global::TorchSharp.torch.Tensor Input2, global::TorchSharp.torch.Tensor Target)")]
    [InlineData("Tensor output, Tensor x", "(global::TorchSharp.torch.Tensor Input1, global::TorchSharp.torch.Tensor Input2, global::TorchSharp.torch.Tensor Target)")]
    [InlineData("Tensor left, Tensor right", "(global::TorchSharp.torch.Tensor Left, global::TorchSharp.torch.Tensor Right, global::TorchSharp.torch.Tensor Target)")]
    public void A_default_steps_batch_is_named_after_forward_unless_those_names_cannot_serve(string parameters, string batch)
    {
        var source = Usings + $$"""
            [Accuracy]
            public partial class Pair : nn.Module<Tensor, Tensor, Tensor>
            {
                public Pair() : base(nameof(Pair)) { }
                public override Tensor forward({{parameters}}) => {{parameters.Split(' ')[1].TrimEnd(',')}};
            }
            """;

        var (result, output) = GeneratorHarness.Run(source);

        Assert.Contains("ITrainingStep<" + batch + ">", GeneratorHarness.Generated(result));
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }

    // A model derived from a model: the base's logs type and step, its own file with every callback of both, no warning
    // (the members it hides say so), and Fit through the base type reaching the derived callbacks (DerivedModelTests).
    [Fact]
    public void A_derived_model_builds_without_warnings_and_plans_the_callbacks_of_both()
    {
        var source = Usings + """
            namespace Demo;
            [Accuracy]
            [ModelCheckpoint("base-{epoch}.bin")]
            public partial class Base : nn.Module<Tensor, Tensor>
            {
                public Base() : base(nameof(Base)) { }
                public override Tensor forward(Tensor input) => input;
                [OnEpochEnd] protected void Seen(int epoch, BaseLogs logs) { }
            }

            [EarlyStopping(Monitor = "accuracy")]
            public sealed partial class Fine : Base
            {
            }
            """;

        var driver = GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(GeneratorHarness.Compile(source), out var output, out _);
        var files = driver.GetRunResult().Results.Single().GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());

        Assert.Empty(GeneratorHarness.Problems(output));
        // The derived model shares the base's logs type and step: it has no files of its own for them.
        Assert.Equal(["Demo.Base.Callbacks.g.cs", "Demo.Base.Fit.g.cs", "Demo.Base.Logs.g.cs", "Demo.Base.Step.g.cs", "Demo.Fine.Callbacks.g.cs", "Demo.Fine.Fit.g.cs"], files.Keys.Order());
        var fine = files["Demo.Fine.Fit.g.cs"] + files["Demo.Fine.Callbacks.g.cs"];
        Assert.Contains("//   OnEpochEnd:\n//     1. History: record the BaseLogs of the epoch", fine);
        Assert.Contains("//     2. [EarlyStopping(Monitor = \"accuracy\")]", fine);
        Assert.Contains("//     3. [ModelCheckpoint(\"base-{epoch}.bin\")]", fine);
        Assert.Contains("//     4. [OnEpochEnd] Seen: call Seen(epoch, logs)", fine);
        Assert.Contains("protected override global::Declarative.History<global::Demo.BaseLogs> __DeclarativeFit(", fine);
        Assert.Contains("protected override global::Demo.BaseLogs __DeclarativeEvaluate(", fine);
        Assert.Contains("protected override global::TorchSharp.torch.Tensor __DeclarativePredict(", fine);
        Assert.DoesNotContain("struct FineLogs", fine);
        Assert.DoesNotContain("struct StepDispatcher", fine);
    }

    // FindLearningRate sweeps one optimizer's rate: every model whose step takes one has it (a derived model its root's),
    // and a call on a model whose step takes several does not compile, the compiler's message saying why.
    [Fact]
    public void Finding_a_learning_rate_compiles_with_one_optimizer_and_fails_saying_why_with_several()
    {
        var source = Usings + """
            namespace Demo;
            public partial class Net : nn.Module<Tensor, Tensor>
            {
                private readonly Linear _layer = nn.Linear(2, 2);
                public Net() : base(nameof(Net)) => RegisterComponents();
                public override Tensor forward(Tensor input) => _layer.call(input);
                [OnEpochEnd] protected void Seen(int epoch) { }
            }

            [EarlyStopping(Monitor = "loss")]
            public sealed partial class Fine : Net
            {
            }

            public partial class Gan : nn.Module<Tensor, Tensor>
            {
                private readonly Linear _layer = nn.Linear(2, 2);
                public Gan() : base(nameof(Gan)) => RegisterComponents();
                public override Tensor forward(Tensor input) => _layer.call(input);
                [TrainingStep]
                private Tensor Step(Tensor real, optim.Optimizer generator, optim.Optimizer critic) => forward(real).mean();
            }

            public static class Use
            {
                public static double? Derived(Fine model, TrainingData data, optim.Optimizer optimizer) =>
                    model.FindLearningRate(data, optimizer, nn.CrossEntropyLoss(), new() { Steps = 50 }).Suggestion;

                public static object Several(Gan model, TrainingData<Tensor> data, optim.Optimizer generator, optim.Optimizer critic) =>
                    model.FindLearningRate(data, generator, critic);
            }
            """;

        var (result, output) = GeneratorHarness.Run(source);

        var problem = Assert.Single(GeneratorHarness.Problems(output));
        Assert.Equal("CS0619", problem.Id);
        Assert.Contains("Gan's training step Step takes several optimizers (generator, critic); the learning-rate finder sweeps one optimizer's rate", problem.GetMessage(), StringComparison.Ordinal);
        Assert.DoesNotContain("FindLearningRate", GeneratorHarness.Files(result)["Demo.Fine.Fit.g.cs"], StringComparison.Ordinal);
    }

    // The test and predict hooks appear in the plan only when a callback uses them.
    [Fact]
    public void The_plan_lists_test_and_predict_hooks_only_when_used()
    {
        static string Plan(string hooks) => GeneratorHarness.Run(Usings + """
            namespace Demo;
            [Accuracy]
            public partial class Net : nn.Module<Tensor, Tensor>
            {
                public Net() : base(nameof(Net)) { }
                public override Tensor forward(Tensor input) => input;
            """ + hooks + "\n}").Result.GeneratedSources.First().SourceText.ToString();

        var plain = Plan(string.Empty);
        var used = Plan("[OnTestEnd] void Tested(NetLogs logs) { }\n[OnPredictBatchEnd] void Predicted(int batch) { }");

        Assert.DoesNotContain("//   OnTestBegin", plain);
        Assert.DoesNotContain("//   OnPredictEnd", plain);
        Assert.Contains("//   OnTestEnd:\n//     1. [OnTestEnd] Tested: call Tested(logs)", used);
        Assert.Contains("//   OnPredictBatchEnd:\n//     1. [OnPredictBatchEnd] Predicted: call Predicted(batch)", used);
        Assert.DoesNotContain("//   OnTestBegin", used);
    }

    [Fact]
    public void The_plan_says_when_early_stopping_stops_at_once()
    {
        var plan = PlanOf(Usings + """
            namespace Demo;
            [EarlyStopping(Monitor = "val_loss", Patience = 3, StoppingThreshold = 0.05, DivergenceThreshold = 10, CheckFinite = true)]
            public partial class Net : nn.Module<Tensor, Tensor>
            {
                public Net() : base(nameof(Net)) { }
                public override Tensor forward(Tensor input) => input;
            }
            """);

        Assert.Contains("stop after 3 epochs without improvement (only epochs that validate count); stop at once when it is NaN or infinite or it is below 0.05 (goal reached) or it is above 10.0 (diverged)", plan);
    }

    [Fact]
    public void The_plan_says_what_a_ranked_checkpoint_keeps_and_when_it_saves()
    {
        var plan = PlanOf(Usings + """
            namespace Demo;
            [ModelCheckpoint("c/m-{epoch:02d}.bin", Monitor = "loss", SaveTopK = 3, LastFilePath = "c/last.bin", SaveOnInterrupt = true, SaveInterval = "0:30:00")]
            public partial class Net : nn.Module<Tensor, Tensor>
            {
                public Net() : base(nameof(Net)) { }
                public override Tensor forward(Tensor input) => input;
            }
            """);

        Assert.Contains("when 00:30:00 of training passed since the last save: save weights and optimizer state to \"c/m-{epoch:02d}.bin\" if it is among the 3 best by loss (lower is better), deleting the one it displaces once it is written; write the latest state to \"c/last.bin\"; list the files in \"c/checkpoints.json\"", plan);
        Assert.Contains("save the state where the run stopped to \"c/last.bin\" when it is cancelled or fails", plan);
    }

    // The plan's lines, read as a user does in an editor or a terminal: none wider than 80 columns.
    [Fact]
    public void No_line_of_a_plan_is_wider_than_80_columns()
    {
        var directory = typeof(GeneratedCodeTests).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>().Single(a => a.Key == "BaselineDirectory").Value!;
        var plans = Directory.GetFiles(directory, "*.g.cs")
            .SelectMany(file => Regex.Matches(File.ReadAllText(file).ReplaceLineEndings("\n"), @"// ===== [^\n]*\.Fit\.g\.cs =====\n(?<plan>(//[^\n]*\n)*)").Select(m => (File: Path.GetFileName(file), Plan: m.Groups["plan"].Value)))
            .ToList();

        Assert.Equal(Models.Count() + 1, plans.Count); // Schedules holds two models
        Assert.All(plans, p => Assert.Contains("// Hooks, in the order they run:", p.Plan));
        Assert.All(plans.SelectMany(p => p.Plan.Split('\n').Select(line => (p.File, Line: line))), l => Assert.True(l.Line.Length <= 80, $"{l.File}: {l.Line.Length} columns: {l.Line}"));
    }

    // A fresh run's backup at train begin, a backup kept after the end, and TensorBoard's end (nothing left open) are
    // in the plan, as the runtime does them.
    [Fact]
    public void The_plan_says_when_backups_are_written_and_kept_and_that_tensorboard_leaves_nothing_open()
    {
        var plan = PlanOf(Usings + """
            namespace Demo;
            [BackupAndRestore("b", DeleteOnCompletion = false)]
            [TensorBoard("tb")]
            public partial class Net : nn.Module<Tensor, Tensor>
            {
                public Net() : base(nameof(Net)) { }
                public override Tensor forward(Tensor input) => input;
            }
            """);

        Assert.Contains("OnTrainBegin: 1. [TensorBoard(\"tb\")]: start; fail now if \"tb\" cannot be written 2. [BackupAndRestore(\"b\", DeleteOnCompletion = false)]: after every other callback has reset: resume from the latest intact backup in \"b\" if there is one; else, on a fresh start, back up the run's whole state to \"b\" before the first batch", plan);
        Assert.Contains("OnTrainEnd: 1. [TensorBoard(\"tb\")]: nothing to close: each value was appended to its event file and flushed as it was written 2. [BackupAndRestore(\"b\", DeleteOnCompletion = false)]: keep the backup however training ended", plan);
    }

    // A model with a step of its own: the loss is what its step returns, not a loss function; the val_ twins are listed
    // only for a model that validates (a step that optimizes itself validates only with a [ValidationStep]).
    [Fact]
    public void The_plan_says_where_the_loss_comes_from_and_lists_validation_values_only_when_the_model_validates()
    {
        const string Model = """
            public partial class {0} : nn.Module<Tensor, Tensor>
            {{
                public {0}() : base(nameof({0})) {{ }}
                public override Tensor forward(Tensor input) => input;
                [TrainingStep] private Tensor Step(Tensor batch{1}) => batch.mean();
                {2}
            }}
            """;
        var source = Usings + "namespace Demo;\n" +
            string.Format(Model, "Stepped", string.Empty, string.Empty) +
            string.Format(Model, "Manual", ", optim.Optimizer optimizer", string.Empty) +
            string.Format(Model, "Checked", ", optim.Optimizer optimizer", "[ValidationStep] private Tensor Check(Tensor batch) => batch.mean();") +
            "public partial class Plain : nn.Module<Tensor, Tensor> { public Plain() : base(nameof(Plain)) { } public override Tensor forward(Tensor input) => input; [OnEpochEnd] void Seen(int epoch) { } }";
        var files = GeneratorHarness.Files(GeneratorHarness.Run(source).Result);
        string Plan(string model) => Unwrapped(files[$"Demo.{model}.Fit.g.cs"]);

        Assert.Contains("loss Loss minimize the loss Step returns", Plan("Stepped"));
        Assert.Contains("loss Loss minimize the loss function", Plan("Plain"));
        Assert.Contains("val_* Val* the same on the validation data", Plan("Stepped"));
        Assert.Contains("val_* Val* the same on the validation data", Plan("Checked"));
        Assert.Contains("val_* Val* the same on the validation data", Plan("Plain"));
        Assert.DoesNotContain("val_*", Plan("Manual"));
    }

    // The generated plan of a one-model source, its wrapped lines joined (so that a phrase reads as one line).
    private static string PlanOf(string source) => Unwrapped(GeneratorHarness.Run(source).Result.GeneratedSources.First().SourceText.ToString());

    // The plan at the top of a Fit file, with each line's comment marker and the spaces around words collapsed: wrapping disappears.
    private static string Unwrapped(string fitFile) =>
        Regex.Replace(Regex.Replace(fitFile.Substring(0, fitFile.IndexOf("#nullable enable", StringComparison.Ordinal)), @"\n//", " "), " +", " ");

    [Fact]
    public void Hint_names_are_deterministic_and_say_which_model_and_which_part()
    {
        var names = Models.Select(row => string.Join(" ", GeneratorHarness.Run((string)row[1]).Result.GeneratedSources.Select(s => s.HintName)));
        Assert.Equal(
            [
                "Demo.Net.Fit.g.cs Demo.Net.Callbacks.g.cs Demo.Net.Logs.g.cs Demo.Net.Step.g.cs",
                "Demo.Regression.Regressor.Fit.g.cs Demo.Regression.Regressor.Callbacks.g.cs Demo.Regression.Regressor.Logs.g.cs Demo.Regression.Regressor.Step.g.cs",
                "Demo.Detector.Fit.g.cs Demo.Detector.Callbacks.g.cs Demo.Detector.Logs.g.cs Demo.Detector.Step.g.cs",
                "Experiments.Tiny.Fit.g.cs Experiments.Tiny.Callbacks.g.cs Experiments.Tiny.Logs.g.cs Experiments.Tiny.Step.g.cs",
                "Demo.Net.Fit.g.cs Demo.Net.Callbacks.g.cs Demo.Net.Logs.g.cs Demo.Net.Step.g.cs",
                "Demo.EmaNet.Fit.g.cs Demo.EmaNet.Callbacks.g.cs Demo.EmaNet.Logs.g.cs Demo.EmaNet.Step.g.cs",
                "Demo.SwaNet.Fit.g.cs Demo.SwaNet.Callbacks.g.cs Demo.SwaNet.Logs.g.cs Demo.SwaNet.Step.g.cs",
                "Demo.Siamese.Fit.g.cs Demo.Siamese.Callbacks.g.cs Demo.Siamese.Logs.g.cs Demo.Siamese.Step.g.cs",
                "Demo.Gan.Fit.g.cs Demo.Gan.Callbacks.g.cs Demo.Gan.Logs.g.cs Demo.Gan.Step.g.cs",
                "Demo.Cycled.Fit.g.cs Demo.Cycled.Callbacks.g.cs Demo.Cycled.Logs.g.cs Demo.Cycled.Step.g.cs Demo.Warmed.Fit.g.cs Demo.Warmed.Callbacks.g.cs Demo.Warmed.Logs.g.cs Demo.Warmed.Step.g.cs",
                "Demo.Ranker.Fit.g.cs Demo.Ranker.Callbacks.g.cs Demo.Ranker.Logs.g.cs Demo.Ranker.Step.g.cs",
            ],
            names);
    }

    // Each file reads on its own: the header says what it holds and which model, and it opens its own namespace.
    [Fact]
    public void Each_generated_file_says_what_it_holds()
    {
        var files = GeneratorHarness.Files(GeneratorHarness.Run((string)Models.First(row => (string)row[0] == "ProductCard")[1]).Result);

        Assert.Contains("// Declarative: the plan of Demo.Net's Fit, generated from its attributes.", files["Demo.Net.Fit.g.cs"]);
        Assert.Contains("// Declarative: the callbacks of Demo.Net and the dispatcher that calls them; the plan of the run is in Demo.Net.Fit.g.cs.", files["Demo.Net.Callbacks.g.cs"]);
        Assert.Contains("// Declarative: the values Demo.Net's Fit produces (NetLogs), a member per metric.", files["Demo.Net.Logs.g.cs"]);
        Assert.Contains("// Declarative: how Demo.Net trains on a batch, validates and predicts, called directly by Fit, Evaluate and Predict.", files["Demo.Net.Step.g.cs"]);
        Assert.All(files.Values, text => Assert.StartsWith("// <auto-generated/>", text));
        Assert.All(files.Values, text => Assert.Contains("namespace Demo\n{", text));
    }

    [Fact]
    public void A_model_declared_in_several_parts_gets_one_file()
    {
        var first = Usings + """
            namespace Demo;
            [Accuracy]
            public partial class Split : nn.Module<Tensor, Tensor>
            {
                public Split() : base(nameof(Split)) { }
                public override Tensor forward(Tensor input) => input;
            }
            """;
        var second = Usings + """
            namespace Demo;
            [EarlyStopping(Monitor = "accuracy", Patience = 1)]
            public partial class Split
            {
                [Metric] static Tensor Zero(Tensor output, Tensor target) => zeros(1);
            }
            """;

        var (result, output) = GeneratorHarness.Run(first, second);

        Assert.Equal(4, result.GeneratedSources.Length);
        var generated = GeneratorHarness.Generated(result);
        Assert.Contains("EarlyStopping(Monitor = \"accuracy\", Patience = 1)", generated);
        Assert.Contains("new(\"zero\", global::Declarative.MetricDirection.Unknown)", generated);
        Assert.Empty(GeneratorHarness.Problems(output));
    }

    [Fact]
    public void Generated_code_uses_global_names_and_invariant_literals()
    {
        var generated = GeneratorHarness.Generated(GeneratorHarness.Run((string)Models.First(row => (string)row[0] == "Everything")[1]).Result);

        Assert.All(generated.Split("// ===== ")[1..], file => Assert.Contains(" =====\n// <auto-generated/>\n", file));
        Assert.All(generated.Split("// ===== ")[1..], file => Assert.Contains("#nullable enable", file));
        Assert.Contains("MinDelta = 0.001,", generated);
        Assert.Contains("[global::System.CodeDom.Compiler.GeneratedCode(\"Declarative.Generators\"", generated);
        Assert.DoesNotContain("\r", generated);
        Assert.DoesNotContain(" TorchSharp.torch", generated);
        Assert.DoesNotContain("(Declarative.", generated);
    }

    [Fact]
    public void The_recorded_configuration_is_canonical_whatever_the_attributes_formatting()
    {
        // A backup records each callback's Description, which the runtime writes from the settings the generated code
        // constructs it with: the same generated file means the same configuration.
        static string Configuration(string attributes) =>
            GeneratorHarness.Run(Usings + "namespace Demo;\n" + attributes + """
                public partial class Net : nn.Module<Tensor, Tensor>
                {
                    public Net() : base(nameof(Net)) { }
                    public override Tensor forward(Tensor input) => input;
                    static double Schedule(int epoch) => 0.1;
                }
                """).Result.GeneratedSources.Single(s => s.HintName == "Demo.Net.Callbacks.g.cs").SourceText.ToString();

        var written = Configuration("""
            [EarlyStopping(Monitor = "val_loss", Patience = 3)]
            [LearningRateScheduler(nameof(Schedule))]
            [ModelCheckpoint("m-{epoch}.bin", Monitor = "loss", SaveBestOnly = true)]
            [TensorBoard("tb", HistogramFrequency = 2)]
            """);
        var reformatted = Configuration("""
            [TensorBoard(logDirectory:"tb",HistogramFrequency=1+1)]
            [ModelCheckpoint(filePath: "m-{epoch}.bin", SaveBestOnly=true, Monitor="loss", Mode = MonitorMode.Auto)]
            [LearningRateScheduler("Schedule", Verbose = false)]
            [EarlyStopping(Patience = 3)]
            """);
        var changed = Configuration("""
            [EarlyStopping(Monitor = "val_loss", Patience = 4)]
            [LearningRateScheduler(nameof(Schedule))]
            [ModelCheckpoint("m-{epoch}.bin", Monitor = "loss", SaveBestOnly = true)]
            [TensorBoard("tb", HistogramFrequency = 2)]
            """);

        Assert.Contains("callbacks.EarlyStopping.Description", written);
        Assert.Contains("/// <summary>[EarlyStopping(Monitor = \"val_loss\", Patience = 3)]</summary>", written);
        Assert.Equal(written, reformatted);
        Assert.NotEqual(written, changed);
    }
}
