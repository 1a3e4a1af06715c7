using Declarative.CodeFixes;
using Declarative.Generators.Tests.Support;

namespace Declarative.Generators.Tests;

/// <summary>Every code fix, applied to markup, produces code that builds (the generator runs on the fixed code too).</summary>
public class CodeFixTests
{
    private const string Members = """
            public M() : base("M") { }
            public override Tensor forward(Tensor input) => input;
        """;

    [Fact]
    public Task Make_the_model_partial() => Verify.CodeFix<MakePartialCodeFix>(
        $$"""
        [Accuracy]
        public sealed class {|DCB0001:M|} : nn.Module<Tensor, Tensor>
        {
        {{Members}}
        }
        """,
        $$"""
        [Accuracy]
        public sealed partial class M : nn.Module<Tensor, Tensor>
        {
        {{Members}}
        }
        """);

    [Fact]
    public Task Make_the_model_and_its_containing_types_partial() => Verify.CodeFix<MakePartialCodeFix>(
        $$"""
        static class Outer
        {
            [Accuracy]
            class {|DCB0001:M|} : nn.Module<Tensor, Tensor>
            {
        {{Members}}
            }
        }
        """,
        $$"""
        static partial class Outer
        {
            [Accuracy]
            partial class M : nn.Module<Tensor, Tensor>
            {
        {{Members}}
            }
        }
        """);

    [Theory]
    [InlineData(0, "val_loss")]
    [InlineData(1, "loss")]
    public Task Replace_an_unknown_monitor_with_a_close_name(int action, string name) => Verify.CodeFix<UseKnownNameCodeFix>(
        $$"""
        [EarlyStopping(Monitor = {|DCB0004:"val_los"|}, Patience = 2)]
        public partial class M : nn.Module<Tensor, Tensor>
        {
        {{Members}}
        }
        """,
        $$"""
        [EarlyStopping(Monitor = "{{name}}", Patience = 2)]
        public partial class M : nn.Module<Tensor, Tensor>
        {
        {{Members}}
        }
        """,
        actionIndex: action);

    [Fact]
    public Task Add_the_missing_monitor_for_save_best_only() => Verify.CodeFix<AddMonitorCodeFix>(
        $$"""
        [ModelCheckpoint("m.bin", SaveBestOnly = {|DCB0016:true|})]
        public partial class M : nn.Module<Tensor, Tensor>
        {
        {{Members}}
        }
        """,
        $$"""
        [ModelCheckpoint("m.bin", SaveBestOnly = true, Monitor = "val_loss")]
        public partial class M : nn.Module<Tensor, Tensor>
        {
        {{Members}}
        }
        """,
        equivalenceKey: "AddMonitorCodeFix:val_loss");

    [Fact]
    public Task Create_the_missing_schedule_method() => Verify.CodeFix<CreateScheduleMethodCodeFix>(
        $$"""
        [LearningRateScheduler({|DCB0011:"Decay"|})]
        public partial class M : nn.Module<Tensor, Tensor>
        {
        {{Members}}
        }
        """,
        $$"""
        [LearningRateScheduler("Decay")]
        public partial class M : nn.Module<Tensor, Tensor>
        {
        {{Members}}
            private static double Decay(int epoch, double learningRate) => learningRate;
        }
        """);

    [Fact]
    public Task Make_the_schedule_method_static() => Verify.CodeFix<MakeScheduleStaticCodeFix>(
        $$"""
        [LearningRateScheduler({|DCB0012:nameof(Decay)|})]
        public partial class M : nn.Module<Tensor, Tensor>
        {
        {{Members}}
            double Decay(int epoch) => 0.1;
        }
        """,
        $$"""
        [LearningRateScheduler(nameof(Decay))]
        public partial class M : nn.Module<Tensor, Tensor>
        {
        {{Members}}
            static double Decay(int epoch) => 0.1;
        }
        """);

    [Theory]
    [InlineData("history.csv", "{model}/history.csv")]
    [InlineData("runs/net/history.csv", "runs/net/{model}/history.csv")]
    public Task Put_model_in_the_path_of_a_base_models_file(string path, string fixedPath) => Verify.CodeFix<PutModelInPathCodeFix>(
        $$"""
        [Accuracy]
        [CsvLogger("{{path}}")]
        public partial class Base : nn.Module<Tensor, Tensor>
        {
            public Base() : base("Base") { }
            public override Tensor forward(Tensor input) => input;
        }

        [EarlyStopping(Monitor = "accuracy")]
        public partial class {|DCB0035:Fine|} : Base
        {
        }
        """,
        $$"""
        [Accuracy]
        [CsvLogger("{{fixedPath}}")]
        public partial class Base : nn.Module<Tensor, Tensor>
        {
            public Base() : base("Base") { }
            public override Tensor forward(Tensor input) => input;
        }

        [EarlyStopping(Monitor = "accuracy")]
        public partial class Fine : Base
        {
        }
        """);

    [Fact]
    public Task Fix_a_hook_methods_parameters() => Verify.CodeFix<FixHookSignatureCodeFix>(
        $$"""
        [Accuracy]
        public partial class M : nn.Module<Tensor, Tensor>
        {
        {{Members}}
            [OnEpochEnd] private void {|DCB0014:Report|}(long epoch) => System.Console.WriteLine(epoch);
        }
        """,
        $$"""
        [Accuracy]
        public partial class M : nn.Module<Tensor, Tensor>
        {
        {{Members}}
            [OnEpochEnd] private void Report(int epoch, MLogs logs) => System.Console.WriteLine(epoch);
        }
        """);

    [Fact]
    public Task Fix_a_hook_method_that_returns_a_value() => Verify.CodeFix<FixHookSignatureCodeFix>(
        $$"""
        [Accuracy]
        public partial class M : nn.Module<Tensor, Tensor>
        {
        {{Members}}
            [OnTrainBegin] int {|DCB0014:Begin|}() => 42;
        }
        """,
        $$"""
        [Accuracy]
        public partial class M : nn.Module<Tensor, Tensor>
        {
        {{Members}}
            [OnTrainBegin]
            void Begin()
            {
                _ = 42;
            }
        }
        """);

    [Fact]
    public Task Name_an_optimizer_fit_gets() => Verify.CodeFix<UseKnownNameCodeFix>(
        $$"""
        [LearningRateScheduler(nameof(Decay), Optimizer = {|DCB0029:"generatr"|})]
        public partial class M : nn.Module<Tensor, Tensor>
        {
        {{Members}}
            static double Decay(int epoch, double lr) => lr;
            [TrainingStep] Tensor Step(Tensor batch, optim.Optimizer generator, optim.Optimizer critic) => batch.sum();
        }
        """,
        $$"""
        [LearningRateScheduler(nameof(Decay), Optimizer = "generator")]
        public partial class M : nn.Module<Tensor, Tensor>
        {
        {{Members}}
            static double Decay(int epoch, double lr) => lr;
            [TrainingStep] Tensor Step(Tensor batch, optim.Optimizer generator, optim.Optimizer critic) => batch.sum();
        }
        """);

    [Fact]
    public Task Remove_clipping_from_a_model_whose_step_optimizes_by_hand() => Verify.CodeFix<RemoveGradientAttributeCodeFix>(
        $$"""
        [Accuracy, {|DCB0027:AccumulateGradients(2)|}]
        [{|DCB0027:ClipGradients(MaxNorm = 1)|}]
        public partial class M : nn.Module<Tensor, Tensor>
        {
        {{Members}}
            [TrainingStep] StepResult Step((Tensor Input, Tensor Label) batch, optim.Optimizer optimizer) => new(batch.Input.sum(), batch.Input, batch.Label);
        }
        """,
        $$"""
        [Accuracy]
        public partial class M : nn.Module<Tensor, Tensor>
        {
        {{Members}}
            [TrainingStep] StepResult Step((Tensor Input, Tensor Label) batch, optim.Optimizer optimizer) => new(batch.Input.sum(), batch.Input, batch.Label);
        }
        """);

    [Fact]
    public Task Declare_the_built_in_metric_a_monitor_names() => Verify.CodeFix<AddMetricAttributeCodeFix>(
        $$"""
        /// <summary>A model.</summary>
        [EarlyStopping(Monitor = {|DCB0004:"val_accuracy"|})]
        public partial class M : nn.Module<Tensor, Tensor>
        {
        {{Members}}
        }
        """,
        $$"""
        /// <summary>A model.</summary>
        [Accuracy]
        [EarlyStopping(Monitor = "val_accuracy")]
        public partial class M : nn.Module<Tensor, Tensor>
        {
        {{Members}}
        }
        """);

    [Fact]
    public Task Declare_throughput_when_a_monitor_names_one_of_its_values() => Verify.CodeFix<AddMetricAttributeCodeFix>(
        $$"""
        [EarlyStopping(Monitor = {|DCB0004:"samples_per_second"|})]
        public partial class M : nn.Module<Tensor, Tensor>
        {
        {{Members}}
        }
        """,
        $$"""
        [Throughput]
        [EarlyStopping(Monitor = "samples_per_second")]
        public partial class M : nn.Module<Tensor, Tensor>
        {
        {{Members}}
        }
        """);

    [Fact]
    public Task Replace_a_keras_alias_with_the_metric_it_means() => Verify.CodeFix<UseKnownNameCodeFix>(
        $$"""
        [MeanAbsoluteError]
        [EarlyStopping(Monitor = {|DCB0004:"val_mae"|})]
        public partial class M : nn.Module<Tensor, Tensor>
        {
        {{Members}}
        }
        """,
        $$"""
        [MeanAbsoluteError]
        [EarlyStopping(Monitor = "val_mean_absolute_error")]
        public partial class M : nn.Module<Tensor, Tensor>
        {
        {{Members}}
        }
        """);
}
