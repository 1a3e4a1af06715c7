using Declarative.Generators.Tests.Support;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Declarative.Generators.Tests;

/// <summary>Every diagnostic, at the exact span it belongs to (Microsoft.CodeAnalysis.Testing markup).</summary>
public class AnalyzerTests
{
    private const string Members = """
            public M() : base("M") { }
            public override Tensor forward(Tensor input) => input;
        """;

    private static string Model(string attributes, string members = "", string declaration = "public partial class M : nn.Module<Tensor, Tensor>") =>
        $$"""
        {{attributes}}
        {{declaration}}
        {
        {{Members}}
        {{members}}
        }
        """;

    [Fact]
    public Task A_valid_model_has_no_diagnostic() => Verify.Analyzer(Model(
        """
        [Accuracy]
        [EarlyStopping(Monitor = "val_loss", Patience = 3, RestoreBestWeights = true)]
        [ModelCheckpoint("checkpoints/m-{epoch:02d}-{val_loss:.3f}.bin", Monitor = "val_loss", SaveBestOnly = true)]
        [LearningRateScheduler(nameof(Schedule))]
        """,
        """
            static double Schedule(int epoch, double lr) => lr;
            [OnEpochEnd] void Report(int epoch, MLogs logs) { }
        """));

    [Fact]
    public Task Throughput_is_monitored_at_epoch_ends_and_named_in_file_names_larger_being_better() => Verify.Analyzer(Model(
        """
        [Throughput]
        [ModelSummary(MaxDepth = -1)]
        [EarlyStopping(Monitor = "samples_per_second", Patience = 3)]
        [ModelCheckpoint("m-{epoch}-{batches_per_second:.0f}.bin", Monitor = "batches_per_second", SaveBestOnly = true)]
        """,
        """
            [OnEpochEnd] void Report(int epoch, MLogs logs) { _ = logs.SamplesPerSecond + logs.BatchesPerSecond; }
        """));

    [Fact]
    public Task DCB0004_throughput_without_its_attribute() =>
        Verify.Analyzer(Model("""[EarlyStopping(Monitor = {|DCB0004:"samples_per_second"|})]"""));

    [Fact]
    public Task DCB0010_throughput_monitored_at_batch_level() =>
        Verify.Analyzer(Model("""[Throughput][ModelCheckpoint("m.bin", SaveFrequency = 10, Monitor = {|DCB0010:"samples_per_second"|}, SaveBestOnly = true)]"""));

    [Fact]
    public Task DCB0015_a_summary_depth_below_minus_one() =>
        Verify.Analyzer(Model("[ModelSummary(MaxDepth = {|DCB0015:-2|})]"));

    [Fact]
    public Task DCB0022_a_metric_named_as_a_throughput_value() =>
        Verify.Analyzer(Model("[Accuracy]", """    [Metric(Name = {|DCB0022:"samples_per_second"|})] static Tensor Score(Tensor output, Tensor target) => output;"""));

    [Fact]
    public Task DCB0033_a_derived_model_declaring_throughput() => Verify.Analyzer(
        """
        [Accuracy]
        public partial class Base : nn.Module<Tensor, Tensor>
        {
            public Base() : base("Base") { }
            public override Tensor forward(Tensor input) => input;
        }

        [{|DCB0033:Throughput|}]
        [ModelSummary]
        public partial class Fine : Base
        {
        }
        """);

    [Fact]
    public Task DCB0001_a_model_that_is_not_partial() =>
        Verify.Analyzer(Model("[Accuracy]", declaration: "public class {|DCB0001:M|} : nn.Module<Tensor, Tensor>"));

    [Fact]
    public Task DCB0001_a_model_nested_in_a_type_that_is_not_partial() => Verify.Analyzer(
        "public class Outer { " + Model("[Accuracy]", declaration: "public partial class {|DCB0001:M|} : nn.Module<Tensor, Tensor>") + " }");

    [Fact]
    public Task DCB0002_a_class_that_is_not_a_tensor_module() =>
        Verify.Analyzer("[Accuracy] public partial class {|DCB0002:M|} { }");

    [Fact]
    public Task DCB0003_a_model_nested_in_a_generic_type() => Verify.Analyzer(
        "public partial class Outer<T> { " + Model("[Accuracy]", declaration: "public partial class {|DCB0003:M|} : nn.Module<Tensor, Tensor>") + " }");

    [Fact]
    public Task DCB0004_an_unknown_monitor() =>
        Verify.Analyzer(Model("""[EarlyStopping(Monitor = {|DCB0004:"val_los"|})]"""));

    [Fact]
    public Task DCB0005_a_mode_contradicting_the_direction() =>
        Verify.Analyzer(Model("""[Accuracy][EarlyStopping(Monitor = "val_accuracy", Mode = {|DCB0005:MonitorMode.Min|})]"""));

    [Fact]
    public Task DCB0006_auto_mode_on_a_metric_without_direction() => Verify.Analyzer(Model(
        """[EarlyStopping(Monitor = {|DCB0006:"score"|})]""",
        "    [Metric] static Tensor Score(Tensor output, Tensor target) => output;"));

    [Fact]
    public Task DCB0007_a_placeholder_no_metric_provides() =>
        Verify.Analyzer(Model("""[ModelCheckpoint("m-{epoch}-{|DCB0007:{val_acc:.2f}|}.bin")]"""));

    [Fact]
    public Task DCB0008_a_format_specifier_that_cannot_apply() =>
        Verify.Analyzer(Model("""[ModelCheckpoint("m-{|DCB0008:{val_loss:d}|}.bin")]"""));

    [Fact]
    public Task DCB0008_a_precision_on_an_integer() =>
        Verify.Analyzer(Model("""[ModelCheckpoint("m-{|DCB0008:{epoch:.2d}|}.bin")]"""));

    [Fact]
    public Task DCB0009_a_character_invalid_in_file_names() =>
        Verify.Analyzer(Model("""[ModelCheckpoint("m{|DCB0009:?|}{epoch}.bin")]"""));

    // C# ends a line at U+2028 too: in the generated file's comments the rest of the path would become code.
    [Fact]
    public Task DCB0009_a_line_separator_in_a_file_name() =>
        Verify.Analyzer(Model("""[CsvLogger({|DCB0009:"runs/a\u2028b.csv"|})]"""));

    [Fact]
    public Task DCB0009_a_malformed_template() =>
        Verify.Analyzer(Model("""[ModelCheckpoint("m-{|DCB0009:{|}epoch.bin")]"""));

    [Fact]
    public Task DCB0010_batch_in_an_epoch_level_file_name() =>
        Verify.Analyzer(Model("""[ModelCheckpoint("m-{|DCB0010:{batch}|}.bin")]"""));

    [Fact]
    public Task DCB0010_a_validation_placeholder_in_a_batch_level_file_name() =>
        Verify.Analyzer(Model("""[ModelCheckpoint("m-{|DCB0010:{val_loss:.2f}|}.bin", SaveFrequency = 10)]"""));

    [Fact]
    public Task DCB0010_a_validation_monitor_at_batch_level() =>
        Verify.Analyzer(Model("""[ModelCheckpoint("m.bin", SaveFrequency = 10, Monitor = {|DCB0010:"val_loss"|}, SaveBestOnly = true)]"""));

    [Fact]
    public Task DCB0011_a_schedule_method_that_does_not_exist() =>
        Verify.Analyzer(Model("""[LearningRateScheduler({|DCB0011:"Shedule"|})]""", "    static double Schedule(int epoch) => 0.1;"));

    [Fact]
    public Task DCB0012_a_schedule_method_that_is_not_static() =>
        Verify.Analyzer(Model("""[LearningRateScheduler({|DCB0012:nameof(Schedule)|})]""", "    double Schedule(int epoch) => 0.1;"));

    [Fact]
    public Task DCB0013_a_schedule_method_with_the_wrong_signature() =>
        Verify.Analyzer(Model("""[LearningRateScheduler({|DCB0013:nameof(Schedule)|})]""", "    static float Schedule(int epoch) => 0.1f;"));

    [Fact]
    public Task DCB0014_a_hook_with_wrong_parameters() =>
        Verify.Analyzer(Model("[Accuracy]", "    [OnEpochEnd] void {|DCB0014:Report|}(long epoch) { }"));

    [Fact]
    public Task DCB0014_a_hook_with_a_return_value() =>
        Verify.Analyzer(Model("[Accuracy]", "    [OnTrainBegin] int {|DCB0014:Begin|}() => 0;"));

    [Fact]
    public Task DCB0015_negative_patience() =>
        Verify.Analyzer(Model("""[EarlyStopping(Monitor = "loss", Patience = {|DCB0015:-1|})]"""));

    [Fact]
    public Task DCB0015_a_divergence_threshold_better_than_the_goal_for_the_metrics_direction() =>
        Verify.Analyzer(Model("""[Accuracy][EarlyStopping(Monitor = "val_accuracy", StoppingThreshold = 0.95, DivergenceThreshold = {|DCB0015:0.99|})]"""));

    [Fact]
    public Task Thresholds_in_the_metrics_direction_are_valid() =>
        Verify.Analyzer(Model("""[EarlyStopping(Monitor = "val_loss", StoppingThreshold = 0.05, DivergenceThreshold = 10, CheckFinite = true)]"""));

    [Fact]
    public Task DCB0046_save_top_k_without_a_monitor() =>
        Verify.Analyzer(Model("""[ModelCheckpoint("m-{epoch}.bin", SaveTopK = {|DCB0046:2|})]"""));

    [Fact]
    public Task DCB0046_save_top_k_with_one_file_name() =>
        Verify.Analyzer(Model("""[ModelCheckpoint("m.bin", Monitor = "loss", SaveTopK = {|DCB0046:3|})]"""));

    [Fact]
    public Task DCB0046_save_top_k_with_save_best_only() =>
        Verify.Analyzer(Model("""[ModelCheckpoint("m-{epoch}.bin", Monitor = "loss", SaveTopK = 3, SaveBestOnly = {|DCB0046:true|})]"""));

    [Fact]
    public Task DCB0046_a_last_file_with_a_placeholder_and_a_save_on_interrupt_without_one() =>
        Verify.Analyzer(Model("""
            [ModelCheckpoint("a/m-{epoch}.bin", LastFilePath = {|DCB0046:"a/last-{epoch}.bin"|})]
            [ModelCheckpoint("b/m-{epoch}.bin", SaveOnInterrupt = {|DCB0046:true|})]
            """));

    [Fact]
    public Task DCB0046_two_ranked_checkpoints_in_one_folder() =>
        Verify.Analyzer(Model("""
            [ModelCheckpoint("c/m-{epoch}.bin", Monitor = "loss", SaveTopK = 2)]
            [ModelCheckpoint("c/w-{epoch}.bin", LastFilePath = {|DCB0046:"c/last.bin"|})]
            """));

    [Fact]
    public Task DCB0046_a_safetensors_checkpoint_saving_the_optimizers_state() =>
        Verify.Analyzer(Model("""[ModelCheckpoint("m.safetensors", Format = {|DCB0046:CheckpointFormat.Safetensors|})]"""));

    [Fact]
    public Task DCB0048_a_file_name_the_format_does_not_write() =>
        Verify.Analyzer(Model("""
            [ModelCheckpoint({|DCB0048:"a/m-{epoch}.bin"|}, Format = CheckpointFormat.Safetensors, SaveWeightsOnly = true, LastFilePath = {|DCB0048:"a/last.bin"|})]
            [ModelCheckpoint({|DCB0048:"b/m-{epoch}.safetensors"|})]
            """));

    [Fact]
    public Task A_safetensors_checkpoint_with_safetensors_names_and_weights_only_is_valid() =>
        Verify.Analyzer(Model("""[ModelCheckpoint("c/m-{epoch}.SafeTensors", Format = CheckpointFormat.Safetensors, SaveWeightsOnly = true, LastFilePath = "c/last.safetensors")]"""));

    private static string Finder(string options) => $$"""
        public static class Tuning
        {
            public static LearningRateFinderOptions Options(double computed) => {{options}};
        }
        """;

    [Fact]
    public Task DCB0047_finder_settings_out_of_range_where_written() =>
        Verify.Analyzer(Finder("new LearningRateFinderOptions { MinLearningRate = {|DCB0047:0|}, Steps = {|DCB0047:1|}, EarlyStopThreshold = {|DCB0047:0.5|} }"));

    [Fact]
    public Task DCB0047_a_greatest_rate_not_above_the_least_one_written_or_by_default() =>
        Verify.Analyzer(Finder("new() { MaxLearningRate = {|DCB0047:1e-9|} }"));

    [Fact]
    public Task DCB0047_a_least_rate_above_the_default_greatest_is_reported_where_it_is_written() =>
        Verify.Analyzer(Finder("new() { MinLearningRate = {|DCB0047:2|} }"));

    [Fact]
    public Task Finder_settings_computed_at_run_time_are_left_to_the_run_and_a_null_threshold_is_valid() =>
        Verify.Analyzer(Finder("new() { MinLearningRate = computed, MaxLearningRate = 1e-9, Steps = 1 + 1, EarlyStopThreshold = null, Apply = true }"));

    [Fact]
    public Task Ranked_checkpoints_with_a_last_file_saves_on_time_and_on_interrupt_are_valid() =>
        Verify.Analyzer(Model("""[ModelCheckpoint("c/m-{epoch:02d}-{val_loss:.3f}.bin", Monitor = "val_loss", SaveTopK = 3, LastFilePath = "c/last.bin", SaveOnInterrupt = true, SaveInterval = "00:30:00")]"""));

    [Fact]
    public Task DCB0015_a_precision_threshold_outside_0_and_1() =>
        Verify.Analyzer(Model("[Precision(Threshold = {|DCB0015:1.5|})]"));

    [Fact]
    public Task DCB0015_a_top_k_below_1() =>
        Verify.Analyzer(Model("[TopKAccuracy(K = {|DCB0015:0|})]"));

    [Fact]
    public Task DCB0015_a_per_class_average_without_the_number_of_classes() =>
        Verify.Analyzer(Model("[F1Score(Average = {|DCB0015:MetricAverage.Macro|})]"));

    [Fact]
    public Task DCB0015_a_class_beyond_the_declared_classes() =>
        Verify.Analyzer(Model("[Recall(Classes = 3, ClassId = {|DCB0015:3|})]"));

    [Fact]
    public Task DCB0015_a_recall_outside_0_and_1_for_precision_at_recall() =>
        Verify.Analyzer(Model("[PrecisionAtRecall({|DCB0015:1.5|})]"));

    [Fact]
    public Task DCB0015_an_AUC_of_one_threshold_and_a_beta_of_0() =>
        Verify.Analyzer(Model("[AUC(NumThresholds = {|DCB0015:1|})][FBetaScore(Beta = {|DCB0015:0|})]"));

    [Fact]
    public Task A_metric_declared_twice_with_other_settings_under_other_names_is_fine() =>
        Verify.Analyzer(Model("""[AUC][AUC(Curve = AucCurve.PR, Name = "pr_auc")][F1Score(Average = MetricAverage.Weighted, Classes = 4)][R2Score][TopKAccuracy(K = 2, Name = "top2")]"""));

    [Fact]
    public Task DCB0022_two_metrics_with_one_name() =>
        Verify.Analyzer(Model("""[AUC][AUC(Curve = AucCurve.PR, Name = {|DCB0022:"auc"|})]"""));

    [Fact]
    public Task DCB0036_a_custom_metric_that_is_not_a_stateful_metric() =>
        Verify.Analyzer(Model("[CustomMetric({|DCB0036:typeof(string)|})]"));

    [Fact]
    public Task DCB0036_a_custom_metric_without_a_device_constructor() => Verify.Analyzer(Model("[CustomMetric({|DCB0036:typeof(Counter)|})]") + """

        public sealed class Counter : Declarative.Metrics.StatefulMetric
        {
            public Counter() : base(TorchSharp.torch.CPU) { }
            public override void Update(Tensor output, Tensor target) { }
            protected override double Compute() => 0;
        }
        """);

    [Fact]
    public Task DCB0015_a_factor_of_one() =>
        Verify.Analyzer(Model("""[ReduceLROnPlateau(Monitor = "loss", Factor = {|DCB0015:1.0|})]"""));

    [Fact]
    public Task DCB0015_a_negative_min_learning_rate() =>
        Verify.Analyzer(Model("""[ReduceLROnPlateau(Monitor = "loss", MinLearningRate = {|DCB0015:-0.1|})]"""));

    [Fact]
    public Task DCB0015_a_save_frequency_below_one() =>
        Verify.Analyzer(Model("""[ModelCheckpoint("m.bin", SaveFrequency = {|DCB0015:0|})]"""));

    [Fact]
    public Task DCB0015_an_every_n_below_one() =>
        Verify.Analyzer(Model("[Accuracy]", "    [OnEpochEnd(Every = {|DCB0015:0|})] void Report(int epoch) { }"));

    [Fact]
    public Task DCB0015_a_time_budget_that_cannot_be_read_points_at_the_constructor_argument() =>
        Verify.Analyzer(Model("""[Timer({|DCB0015:"half an hour"|})]"""));

    [Fact]
    public Task DCB0016_save_best_only_without_a_monitor() =>
        Verify.Analyzer(Model("""[ModelCheckpoint("m.bin", SaveBestOnly = {|DCB0016:true|})]"""));

    [Fact]
    public Task DCB0017_two_callbacks_setting_the_learning_rate() => Verify.Analyzer(Model(
        """[LearningRateScheduler(nameof(Schedule))][{|DCB0017:ReduceLROnPlateau(Monitor = "loss")|}]""",
        "    static double Schedule(int epoch) => 0.1;"));

    [Fact]
    public Task DCB0018_two_early_stoppings_restoring_weights() => Verify.Analyzer(Model(
        """[EarlyStopping(Monitor = "loss", RestoreBestWeights = true)][EarlyStopping(Monitor = "loss", Patience = 5, RestoreBestWeights = {|DCB0018:true|})]"""));

    [Fact]
    public Task DCB0019_two_checkpoints_writing_the_same_file() =>
        Verify.Analyzer(Model("""[ModelCheckpoint("m.bin")][ModelCheckpoint({|DCB0019:"m.bin"|}, SaveWeightsOnly = true)]"""));

    [Fact]
    public Task DCB0020_a_negative_min_delta_is_a_warning_and_the_model_still_generates() => Verify.Analyzer(Model(
        """[EarlyStopping(Monitor = "loss", MinDelta = {|DCB0020:-0.01|})]""",
        "    [OnEpochEnd] void Report(int epoch, MLogs logs) { }"));

    [Fact]
    public Task DCB0021_a_metric_method_with_the_wrong_signature() =>
        Verify.Analyzer(Model("[Accuracy]", "    [Metric] static double {|DCB0021:Score|}(Tensor output, Tensor target) => 0;"));

    [Fact]
    public Task DCB0022_a_reserved_metric_name() =>
        Verify.Analyzer(Model("[Accuracy]", """    [Metric(Name = {|DCB0022:"val_score"|})] static Tensor Score(Tensor output, Tensor target) => output;"""));

    [Fact]
    public Task DCB0022_a_metric_name_that_is_not_snake_case() =>
        Verify.Analyzer(Model("[Accuracy]", """    [Metric(Name = {|DCB0022:"TopK"|})] static Tensor Score(Tensor output, Tensor target) => output;"""));

    [Fact]
    public Task DCB0023_a_callback_that_implements_no_hook() =>
        Verify.Analyzer(Model("[Callback({|DCB0023:typeof(object)|})]"));

    [Fact]
    public Task DCB0023_a_callback_without_a_parameterless_constructor() => Verify.Analyzer(
        Model("[Callback({|DCB0023:typeof(C)|})]") + "\npublic sealed class C(int x) : IOnTrainBegin { public void OnTrainBegin(TrainingSession s) { } }");

    private const string ManualStep = """
            [TrainingStep]
            Tensor Step((Tensor Input, Tensor Target) batch, optim.Optimizer optimizer)
            {
                optimizer.zero_grad();
                var loss = (forward(batch.Input) - batch.Target).square().mean();
                loss.backward();
                optimizer.step();
                return loss;
            }
        """;

    [Fact]
    public Task A_model_with_steps_of_its_own_has_no_diagnostic() => Verify.Analyzer(Model(
        """
        [Accuracy]
        [ClipGradients(MaxNorm = 1)]
        [AccumulateGradients(2)]
        [EarlyStopping(Monitor = "val_accuracy")]
        [ReduceLROnPlateau(Optimizer = "optimizer")]
        """,
        """
            [TrainingStep] StepResult Step((Tensor Input, Tensor Label) batch) => new(forward(batch.Input).sum(), forward(batch.Input), batch.Label);
            [ValidationStep] StepResult Validate((Tensor Input, Tensor Label) batch) => Step(batch);
        """));

    [Fact]
    public Task DCB0024_a_step_with_a_parameter_fit_cannot_pass() =>
        Verify.Analyzer(Model("", "    [TrainingStep] Tensor {|DCB0024:Step|}(Tensor batch, int weight) => batch.sum();"));

    [Fact]
    public Task DCB0024_two_training_steps() => Verify.Analyzer(Model(
        "",
        "    [TrainingStep] Tensor Step(Tensor batch) => batch.sum();\n    [TrainingStep] Tensor {|DCB0024:Other|}(Tensor batch) => batch.sum();"));

    [Fact]
    public Task DCB0024_a_validation_step_of_another_batch_type() => Verify.Analyzer(Model(
        "",
        "    [TrainingStep] Tensor Step(Tensor batch) => batch.sum();\n    [ValidationStep] Tensor {|DCB0024:Validate|}((Tensor, Tensor) batch) => batch.Item1.sum();"));

    [Fact]
    public Task DCB0024_a_validation_step_without_a_training_step() =>
        Verify.Analyzer(Model("", "    [ValidationStep] Tensor {|DCB0024:Validate|}(Tensor batch) => batch.sum();"));

    [Fact]
    public Task DCB0025_a_step_that_returns_no_loss() =>
        Verify.Analyzer(Model("", "    [TrainingStep] int {|DCB0025:Step|}(Tensor batch) => 0;"));

    [Fact]
    public Task DCB0026_a_built_in_metric_when_the_step_returns_only_the_loss() =>
        Verify.Analyzer(Model("[{|DCB0026:Accuracy|}]", "    [TrainingStep] Tensor Step(Tensor batch) => batch.sum();"));

    [Fact]
    public Task DCB0027_clipping_with_a_step_that_optimizes_by_hand() =>
        Verify.Analyzer(Model("[{|DCB0027:ClipGradients(MaxNorm = 1)|}]", ManualStep));

    [Fact]
    public Task DCB0027_accumulation_with_a_step_that_optimizes_by_hand() =>
        Verify.Analyzer(Model("[{|DCB0027:AccumulateGradients(2)|}]", ManualStep));

    [Fact]
    public Task DCB0028_a_module_with_a_tuple_output_and_no_step() => Verify.Analyzer(
        """
        [Accuracy]
        public partial class {|DCB0028:M|} : nn.Module<Tensor, (Tensor, Tensor)>
        {
            public M() : base("M") { }
            public override (Tensor, Tensor) forward(Tensor input) => (input, input);
        }
        """);

    [Fact]
    public Task DCB0029_a_schedule_for_an_optimizer_fit_does_not_get() => Verify.Analyzer(Model(
        "[LearningRateScheduler(nameof(Decay), Optimizer = {|DCB0029:\"generator\"|})]",
        "    static double Decay(int epoch, double lr) => lr;\n" + ManualStep));

    [Fact]
    public Task DCB0030_a_validation_monitor_with_a_step_that_optimizes_by_hand() =>
        Verify.Analyzer(Model("[EarlyStopping(Monitor = {|DCB0030:\"val_loss\"|})]", ManualStep));

    [Fact]
    public Task DCB0015_clipping_with_neither_a_norm_nor_a_value() =>
        Verify.Analyzer(Model("[{|DCB0015:ClipGradients(LogNorm = true)|}]"));

    [Fact]
    public Task DCB0015_clipping_with_both_a_norm_and_a_value() =>
        Verify.Analyzer(Model("[ClipGradients(MaxNorm = 1, MaxValue = {|DCB0015:0.5|})]"));

    [Fact]
    public Task DCB0015_accumulation_over_no_batches() =>
        Verify.Analyzer(Model("[AccumulateGradients({|DCB0015:0|})]"));

    [Fact]
    public Task DCB0024_an_optimizer_named_like_another_parameter_of_Fit() =>
        Verify.Analyzer(Model("", "    [TrainingStep] Tensor {|DCB0024:Step|}(Tensor batch, optim.Optimizer output) => batch.sum();"));

    private const string GanStep = """
            [TrainingStep]
            Tensor Step(Tensor real, optim.Optimizer generator, optim.Optimizer critic) => real.sum();
        """;

    [Fact]
    public Task Learning_rate_callbacks_of_different_optimizers_do_not_conflict() => Verify.Analyzer(Model(
        "[LearningRateScheduler(nameof(Decay), Optimizer = \"generator\")]\n[ReduceLROnPlateau(Monitor = \"loss\", Optimizer = \"critic\")]",
        "    static double Decay(int epoch, double lr) => lr;\n" + GanStep));

    [Fact]
    public Task DCB0017_a_learning_rate_callback_for_every_optimizer_meets_one_for_a_single_optimizer() => Verify.Analyzer(Model(
        "[LearningRateScheduler(nameof(Decay))]\n[{|DCB0017:ReduceLROnPlateau(Monitor = \"loss\", Optimizer = \"critic\")|}]",
        "    static double Decay(int epoch, double lr) => lr;\n" + GanStep));

    private const string Factory = "    static optim.lr_scheduler.LRScheduler Create(optim.Optimizer optimizer) => optim.lr_scheduler.StepLR(optimizer, 10);";

    [Theory]
    [InlineData("[WarmupCosineSchedule(WarmupSteps = 100, TotalSteps = 1000, PeakLearningRate = 0.1, FinalLearningRate = 0.001, Verbose = true)]")]
    [InlineData("[OneCycleSchedule(0.1, PctStart = 0.25, Anneal = AnnealStrategy.Linear, ThreePhase = true, CycleMomentum = false)]")]
    [InlineData("[LinearSchedule(StartFactor = 1, EndFactor = 0, Interval = ScheduleInterval.Epoch)]")]
    [InlineData("[TorchScheduler(nameof(Create), Interval = ScheduleInterval.Step)]")]
    public Task A_schedule_with_valid_settings_has_no_diagnostic(string attribute) => Verify.Analyzer(Model(attribute, Factory));

    [Fact]
    public Task A_LinearSchedule_warmup_may_share_the_rate_with_ReduceLROnPlateau_since_both_multiply_the_rate_they_find() => Verify.Analyzer(Model(
        "[LinearSchedule(Steps = 500, StartFactor = 0.01)]\n[ReduceLROnPlateau(Monitor = \"loss\")]"));

    [Fact]
    public Task DCB0017_a_schedule_that_sets_the_rate_with_ReduceLROnPlateau() => Verify.Analyzer(Model(
        "[ReduceLROnPlateau(Monitor = \"loss\")]\n[{|DCB0017:WarmupCosineSchedule(WarmupSteps = 100)|}]"));

    [Fact]
    public Task DCB0017_two_schedules_of_one_optimizer() => Verify.Analyzer(Model(
        "[LinearSchedule(Steps = 10)]\n[{|DCB0017:TorchScheduler(nameof(Create))|}]", Factory));

    [Fact]
    public Task Schedules_of_different_optimizers_do_not_conflict() => Verify.Analyzer(Model(
        "[OneCycleSchedule(0.1, Optimizer = \"generator\")]\n[TorchScheduler(nameof(Create), Optimizer = \"critic\")]", Factory + "\n" + GanStep));

    [Fact]
    public async Task DCB0017_says_what_ReduceLROnPlateau_may_share_the_rate_with()
    {
        var (_, output) = GeneratorHarness.Run(Verify.Usings + Model("[ReduceLROnPlateau(Monitor = \"loss\")][OneCycleSchedule(0.1)]"));
        var diagnostics = await output.WithAnalyzers([new Declarative.Generators.Diagnostics.ModelAnalyzer()]).GetAnalyzerDiagnosticsAsync();
        var message = Assert.Single(diagnostics, d => d.Id == "DCB0017").GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(
            "[ReduceLROnPlateau] and [OneCycleSchedule] both set the learning rate, so each would undo the other; keep one, or give them different optimizers (Optimizer = ...); " +
            "[ReduceLROnPlateau] multiplies the rate it finds, so it may share it only with a callback that multiplies it too: [LinearSchedule]",
            message);
    }

    [Fact]
    public Task DCB0015_a_warmup_as_long_as_the_schedule() =>
        Verify.Analyzer(Model("[WarmupCosineSchedule(WarmupSteps = {|DCB0015:100|}, TotalSteps = 100)]"));

    [Fact]
    public Task DCB0015_a_final_rate_above_the_peak() =>
        Verify.Analyzer(Model("[WarmupCosineSchedule(PeakLearningRate = 0.01, FinalLearningRate = {|DCB0015:0.1|})]"));

    [Fact]
    public Task DCB0015_a_negative_peak_rate() =>
        Verify.Analyzer(Model("[WarmupCosineSchedule(PeakLearningRate = {|DCB0015:-0.1|})]"));

    [Fact]
    public Task DCB0015_a_one_cycle_rising_over_the_whole_cycle() =>
        Verify.Analyzer(Model("[OneCycleSchedule(0.1, PctStart = {|DCB0015:1.0|})]"));

    [Fact]
    public Task DCB0015_a_three_phase_cycle_rising_over_half_of_it() =>
        Verify.Analyzer(Model("[OneCycleSchedule(0.1, PctStart = {|DCB0015:0.5|}, ThreePhase = true)]"));

    [Fact]
    public Task DCB0015_a_one_cycle_of_no_rate() =>
        Verify.Analyzer(Model("[OneCycleSchedule({|DCB0015:0|})]"));

    [Fact]
    public Task DCB0015_a_linear_schedule_starting_at_zero() =>
        Verify.Analyzer(Model("[LinearSchedule(StartFactor = {|DCB0015:0|})]"));

    [Fact]
    public Task DCB0029_a_schedule_for_an_optimizer_fit_does_not_get_either() =>
        Verify.Analyzer(Model("[OneCycleSchedule(0.1, Optimizer = {|DCB0029:\"generator\"|})]"));

    [Fact]
    public Task DCB0037_a_scheduler_factory_that_does_not_exist() =>
        Verify.Analyzer(Model("[TorchScheduler({|DCB0037:\"Creat\"|})]", Factory));

    [Fact]
    public Task DCB0037_a_scheduler_factory_that_is_not_static() => Verify.Analyzer(Model(
        "[TorchScheduler({|DCB0037:nameof(Create)|})]",
        "    optim.lr_scheduler.LRScheduler Create(optim.Optimizer optimizer) => optim.lr_scheduler.StepLR(optimizer, 10);"));

    [Fact]
    public Task DCB0037_a_scheduler_factory_with_the_wrong_signature() => Verify.Analyzer(Model(
        "[TorchScheduler({|DCB0037:nameof(Create)|})]",
        "    static optim.lr_scheduler.LRScheduler Create(optim.Optimizer optimizer, int steps) => optim.lr_scheduler.StepLR(optimizer, steps);"));

    [Fact]
    public Task DCB0037_a_scheduler_factory_making_a_scheduler_stepped_on_a_metric() => Verify.Analyzer(Model(
        "[TorchScheduler({|DCB0037:nameof(Create)|})]",
        "    static optim.lr_scheduler.impl.ReduceLROnPlateau Create(optim.Optimizer optimizer) => new(optimizer);"));

    [Theory]
    [InlineData("\"Creat\"", "static optim.lr_scheduler.LRScheduler Create(optim.Optimizer optimizer) => null!;", "'M' has no method named 'Creat' (did you mean 'Create'?); add 'static LRScheduler Creat(Optimizer optimizer)'")]
    [InlineData("nameof(Create)", "optim.lr_scheduler.LRScheduler Create(optim.Optimizer optimizer) => null!;", "it must be static, since the callbacks are made apart from the model's instance")]
    [InlineData("nameof(Create)", "static double Create(int epoch) => 0;", "it must be 'static LRScheduler Create(Optimizer optimizer)', not 'double M.Create(int epoch)'")]
    public async Task DCB0037_says_why_and_what_the_factory_must_be(string name, string method, string reason)
    {
        var (_, output) = GeneratorHarness.Run(Verify.Usings + Model($"[TorchScheduler({name})]", "    " + method));
        var diagnostics = await output.WithAnalyzers([new Declarative.Generators.Diagnostics.ModelAnalyzer()]).GetAnalyzerDiagnosticsAsync();
        var message = Assert.Single(diagnostics, d => d.Id == "DCB0037").GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.EndsWith(": " + reason, message);
    }

    [Theory]
    [InlineData("Decay = {|DCB0015:0|}")]
    [InlineData("Decay = {|DCB0015:1|}")]
    [InlineData("Decay = {|DCB0015:1.5|}")]
    [InlineData("UpdateEverySteps = {|DCB0015:0|}")]
    [InlineData("StartStep = {|DCB0015:-1|}")]
    [InlineData("StartEpoch = {|DCB0015:-2|}")]
    public Task DCB0015_an_exponential_average_out_of_range(string setting) => Verify.Analyzer(Model($"[EMAWeightAveraging({setting})]"));

    [Theory]
    [InlineData("{|DCB0015:0|}, 5")]
    [InlineData("{|DCB0015:double.PositiveInfinity|}, 5")]
    [InlineData("0.01, {|DCB0015:-1|}")]
    [InlineData("0.01, 5, AnnealingEpochs = {|DCB0015:-1|}")]
    [InlineData("0.01, 5, AnnealingStrategy = {|DCB0015:(AnnealingStrategy)7|}")]
    public Task DCB0015_a_stochastic_average_out_of_range(string arguments) => Verify.Analyzer(Model($"[StochasticWeightAveraging({arguments})]"));

    [Fact]
    public Task DCB0017_stochastic_weight_averaging_from_epoch_0_after_a_schedule() => Verify.Analyzer(Model(
        "[LearningRateScheduler(nameof(Schedule))][{|DCB0017:StochasticWeightAveraging(0.01, 0)|}]",
        "    static double Schedule(int epoch) => 0.1;"));

    [Fact]
    public Task DCB0017_stochastic_weight_averaging_from_epoch_0_after_a_plateau_reduction() => Verify.Analyzer(Model(
        """[ReduceLROnPlateau(Monitor = "loss")][{|DCB0017:StochasticWeightAveraging(0.01, 0)|}]"""));

    [Fact]
    public Task Stochastic_weight_averaging_takes_the_rate_over_from_a_later_start_epoch() => Verify.Analyzer(Model(
        "[StochasticWeightAveraging(0.01, 10, AnnealingEpochs = 2)][LearningRateScheduler(nameof(Schedule))]",
        "    static double Schedule(int epoch) => 0.1;"));

    [Fact]
    public Task DCB0043_early_stopping_restoring_weights_with_an_exponential_average() => Verify.Analyzer(Model(
        """[EMAWeightAveraging][EarlyStopping(Monitor = "val_loss", RestoreBestWeights = {|DCB0043:true|})]"""));

    [Fact]
    public Task DCB0043_early_stopping_restoring_weights_with_a_stochastic_average() => Verify.Analyzer(Model(
        """[EarlyStopping(Monitor = "loss", RestoreBestWeights = {|DCB0043:true|})][StochasticWeightAveraging(0.01, 3)]"""));

    [Fact]
    public Task Early_stopping_without_restoring_weights_goes_with_an_average() => Verify.Analyzer(Model(
        """[EMAWeightAveraging(Decay = 0.99)][EarlyStopping(Monitor = "val_loss", Patience = 2)][ModelCheckpoint("best.bin", Monitor = "val_loss", SaveBestOnly = true)]"""));

    [Fact]
    public Task DCB0044_an_exponential_and_a_stochastic_average() => Verify.Analyzer(Model(
        "[{|DCB0044:EMAWeightAveraging(Decay = 0.99)|}][StochasticWeightAveraging(0.01, 3)]"));

    [Theory]
    [InlineData("accuracy", "", "declaring [Accuracy] on the model provides 'accuracy'")]
    [InlineData("val_acc", "", "('acc' is Keras's short name for 'accuracy'); declaring [Accuracy] on the model provides 'val_accuracy'")]
    [InlineData("val_acc", "[Accuracy]", "('acc' is Keras's short name; Declarative calls it 'val_accuracy')")]
    [InlineData("mse", "[MeanSquaredError]", "('mse' is Keras's short name; Declarative calls it 'mean_squared_error')")]
    [InlineData("val_los", "", "(did you mean 'val_loss'?)")]
    public async Task DCB0004_says_what_an_unknown_name_means_and_how_to_get_it(string monitor, string metrics, string hint)
    {
        var (_, output) = GeneratorHarness.Run(Verify.Usings + Model(metrics + $"[EarlyStopping(Monitor = \"{monitor}\")]"));
        var diagnostics = await output.WithAnalyzers([new Declarative.Generators.Diagnostics.ModelAnalyzer()]).GetAnalyzerDiagnosticsAsync();
        var message = Assert.Single(diagnostics, d => d.Id == "DCB0004").GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains(hint, message);
    }

    // DCB0033 says a derived model's metrics are declared on its base; DCB0004 must not advise the opposite.
    [Fact]
    public async Task DCB0004_on_a_derived_model_says_to_declare_the_metric_on_the_base()
    {
        var (_, output) = GeneratorHarness.Run(Verify.Usings + """
            [MeanSquaredError]
            public partial class Base : nn.Module<Tensor, Tensor>
            {
                public Base() : base("Base") { }
                public override Tensor forward(Tensor input) => input;
            }

            [EarlyStopping(Monitor = "val_accuracy")]
            public partial class Fine : Base
            {
            }
            """);
        var diagnostics = await output.WithAnalyzers([new Declarative.Generators.Diagnostics.ModelAnalyzer()]).GetAnalyzerDiagnosticsAsync();
        var message = Assert.Single(diagnostics, d => d.Id == "DCB0004").GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("declaring [Accuracy] on Base, the model Fine derives from (a derived model's metrics are declared there), provides 'val_accuracy'", message);
    }

    [Fact]
    public Task DCB0031_layers_that_no_constructor_registers() => Verify.Analyzer(
        """
        [Accuracy]
        public partial class {|DCB0031:M|} : nn.Module<Tensor, Tensor>
        {
            private readonly Linear _layer = nn.Linear(2, 2);
            public M() : base("M") { }
            public override Tensor forward(Tensor input) => _layer.call(input);
        }
        """);

    [Fact]
    public Task Layers_registered_by_a_chained_constructor_raise_nothing() => Verify.Analyzer(
        """
        [Accuracy]
        public partial class M : nn.Module<Tensor, Tensor>
        {
            private readonly Linear _layer;
            public M() : this(2) { }
            public M(int size) : base("M") { _layer = nn.Linear(size, 2); RegisterComponents(); }
            public override Tensor forward(Tensor input) => _layer.call(input);
        }
        """);

    [Fact]
    public Task DCB0032_callback_state_a_backup_cannot_save() => Verify.Analyzer(
        """
        [BackupAndRestore("backup")]
        [Callback({|DCB0032:typeof(Counter)|})]
        public partial class M : nn.Module<Tensor, Tensor>
        {
            public M() : base("M") { }
            public override Tensor forward(Tensor input) => input;
        }

        public sealed class Counter : IOnTrainBatchEnd
        {
            private readonly System.Collections.Generic.List<double> _values = [];
            public int Batches { get; private set; }
            public void OnTrainBatchEnd(int batch) { Batches++; _values.Add(batch); }
        }
        """);

    [Theory]
    [InlineData("[BackupAndRestore(\"backup\")]", "private readonly string _name = \"n\"; private Declarative.Training.TrainingSession? _session; private static int s_runs;", "")]
    [InlineData("[BackupAndRestore(\"backup\")]", "private int _batches;", ", IPersistentState")]
    [InlineData("", "private int _batches;", "")]
    public Task Callbacks_with_no_state_to_lose_raise_nothing(string backup, string fields, string persistent) => Verify.Analyzer(
        backup + """
        [Callback(typeof(C))]
        public partial class M : nn.Module<Tensor, Tensor>
        {
            public M() : base("M") { }
            public override Tensor forward(Tensor input) => input;
        }

        public sealed class C : IOnTrainBatchEnd
        """ + persistent + "\n{\n" + fields + """

            public void OnTrainBatchEnd(int batch) { }
            public void SaveState(System.IO.BinaryWriter writer) { }
            public void LoadState(System.IO.BinaryReader reader) { }
        }
        """);

    [Fact]
    public Task DCB0033_a_derived_model_declaring_a_metric() => Verify.Analyzer(
        """
        [Accuracy]
        public partial class Base : nn.Module<Tensor, Tensor>
        {
            public Base() : base("Base") { }
            public override Tensor forward(Tensor input) => input;
        }

        [EarlyStopping(Monitor = "accuracy")]
        [{|DCB0033:MeanSquaredError|}]
        public partial class Fine : Base
        {
        }
        """);

    [Fact]
    public Task DCB0033_a_derived_model_declaring_a_metric_of_its_own() => Verify.Analyzer(
        """
        [Accuracy]
        public partial class Base : nn.Module<Tensor, Tensor>
        {
            public Base() : base("Base") { }
            public override Tensor forward(Tensor input) => input;
        }

        [{|DCB0033:CustomMetric(typeof(Hits))|}]
        public partial class Fine : Base
        {
        }

        public sealed class Hits : Declarative.Metrics.StatefulMetric
        {
            public Hits(TorchSharp.torch.Device device) : base(device) { }
            public override void Update(Tensor output, Tensor target) { }
            protected override double Compute() => 0;
        }
        """);

    [Fact]
    public Task DCB0034_a_private_hook_method_of_the_base() => Verify.Analyzer(
        """
        [Accuracy]
        public partial class Base : nn.Module<Tensor, Tensor>
        {
            public Base() : base("Base") { }
            public override Tensor forward(Tensor input) => input;
            [OnEpochEnd] private void Seen(int epoch) { }
        }

        [EarlyStopping(Monitor = "accuracy")]
        public partial class {|DCB0034:Fine|} : Base
        {
        }
        """);

    // On the derived model, once per file-writing callback it inherits (the fix changes the base's path); an abstract
    // base, or {model} in the path, is fine.
    [Fact]
    public Task DCB0035_a_derived_model_writing_its_bases_files() => Verify.Analyzer(
        """
        [Accuracy]
        [CsvLogger("runs/history.csv")]
        [TensorBoard("runs/tb")]
        [ModelCheckpoint("checkpoints/{model}/{epoch}.bin")]
        public partial class Base : nn.Module<Tensor, Tensor>
        {
            public Base() : base("Base") { }
            public override Tensor forward(Tensor input) => input;
        }

        [EarlyStopping(Monitor = "accuracy")]
        public partial class {|DCB0035:{|DCB0035:Fine|}|} : Base
        {
        }

        [Accuracy]
        [CsvLogger("history.csv")]
        public abstract partial class NeverTrained : nn.Module<Tensor, Tensor>
        {
            protected NeverTrained() : base("NeverTrained") { }
            public override Tensor forward(Tensor input) => input;
        }

        [EarlyStopping(Monitor = "accuracy")]
        public partial class Trained : NeverTrained
        {
        }
        """);
}
