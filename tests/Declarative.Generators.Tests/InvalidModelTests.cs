using Declarative.Generators.Tests.Support;

namespace Declarative.Generators.Tests;

/// <summary>
/// Invalid models are skipped: no output, no exception and no diagnostic from the generator (the analyzer reports
/// them, as the user types). Only the compiler's own errors, if any, remain.
/// </summary>
public class InvalidModelTests
{
    private const string Usings = """
        using Declarative;
        using TorchSharp;
        using static TorchSharp.torch;

        """;

    private const string Body = """
        {
            public M() : base("M") { }
            public override Tensor forward(Tensor input) => input;
            static double Schedule(int epoch, double lr) => lr;
            static Tensor Score(Tensor output, Tensor target) => output;
        }
        """;

    public static TheoryData<string, string> Models => new()
    {
        { "not partial", $"[Accuracy] public class M : nn.Module<Tensor, Tensor> {Body}" },
        { "not a module", "[Accuracy] public partial class M { }" },
        { "a module of a tuple output without a step", "[Accuracy] public partial class M : nn.Module<Tensor, (Tensor, Tensor)> { public M() : base(\"M\") { } public override (Tensor, Tensor) forward(Tensor a) => (a, a); }" },
        { "a step that returns no loss", $"[Accuracy] public partial class M : nn.Module<Tensor, Tensor> {{ public M() : base(\"M\") {{ }} public override Tensor forward(Tensor a) => a; [TrainingStep] int Step(Tensor b) => 0; }}" },
        { "clipping with a step that optimizes by hand", "[ClipGradients(MaxNorm = 1)] public partial class M : nn.Module<Tensor, Tensor> { public M() : base(\"M\") { } public override Tensor forward(Tensor a) => a; [TrainingStep] Tensor Step(Tensor b, optim.Optimizer o) => b.sum(); }" },
        { "generic", $"[Accuracy] public partial class M<T> : nn.Module<Tensor, Tensor> {Body}" },
        { "nested in a generic type", $"public partial class Outer<T> {{ [Accuracy] public partial class M : nn.Module<Tensor, Tensor> {Body} }}" },
        { "nested in a non-partial type", $"public class Outer {{ [Accuracy] public partial class M : nn.Module<Tensor, Tensor> {Body} }}" },
        { "unknown monitor", $"[EarlyStopping(Monitor = \"val_los\")] public partial class M : nn.Module<Tensor, Tensor> {Body}" },
        { "mode contradicts direction", $"[Accuracy][EarlyStopping(Monitor = \"accuracy\", Mode = MonitorMode.Min)] public partial class M : nn.Module<Tensor, Tensor> {Body}" },
        { "unknown direction in auto mode", $"[EarlyStopping(Monitor = \"learning_rate\")] public partial class M : nn.Module<Tensor, Tensor> {Body}" },
        { "unknown placeholder", $"[ModelCheckpoint(\"m-{{val_acc}}.bin\")] public partial class M : nn.Module<Tensor, Tensor> {Body}" },
        { "bad format specifier", $"[ModelCheckpoint(\"m-{{val_loss:d}}.bin\")] public partial class M : nn.Module<Tensor, Tensor> {Body}" },
        { "batch placeholder at epoch level", $"[ModelCheckpoint(\"m-{{batch}}.bin\")] public partial class M : nn.Module<Tensor, Tensor> {Body}" },
        { "val placeholder at batch level", $"[ModelCheckpoint(\"m-{{val_loss}}.bin\", SaveFrequency = 10)] public partial class M : nn.Module<Tensor, Tensor> {Body}" },
        { "invalid path character", $"[ModelCheckpoint(\"m|{{epoch}}.bin\")] public partial class M : nn.Module<Tensor, Tensor> {Body}" },
        { "malformed template", $"[ModelCheckpoint(\"m-{{epoch.bin\")] public partial class M : nn.Module<Tensor, Tensor> {Body}" },
        { "missing schedule", $"[LearningRateScheduler(\"Shedule\")] public partial class M : nn.Module<Tensor, Tensor> {Body}" },
        { "schedule with a wrong signature", $"[LearningRateScheduler(nameof(Score))] public partial class M : nn.Module<Tensor, Tensor> {Body}" },
        { "negative patience", $"[EarlyStopping(Monitor = \"loss\", Patience = -1)] public partial class M : nn.Module<Tensor, Tensor> {Body}" },
        { "save frequency below one", $"[ModelCheckpoint(\"m.bin\", SaveFrequency = 0)] public partial class M : nn.Module<Tensor, Tensor> {Body}" },
        { "save best only without a monitor", $"[ModelCheckpoint(\"m.bin\", SaveBestOnly = true)] public partial class M : nn.Module<Tensor, Tensor> {Body}" },
        { "two early stoppings restoring weights", $"[EarlyStopping(Monitor = \"loss\", RestoreBestWeights = true)][EarlyStopping(Monitor = \"loss\", Patience = 3, RestoreBestWeights = true)] public partial class M : nn.Module<Tensor, Tensor> {Body}" },
        { "reserved metric name", $"public partial class M : nn.Module<Tensor, Tensor> {{ public M() : base(\"M\") {{ }} public override Tensor forward(Tensor input) => input; [Metric(Name = \"loss\")] static Tensor L(Tensor o, Tensor t) => o; }}" },
        { "a missing scheduler factory", $"[TorchScheduler(\"Create\")] public partial class M : nn.Module<Tensor, Tensor> {Body}" },
        { "a warmup as long as its schedule", $"[WarmupCosineSchedule(WarmupSteps = 10, TotalSteps = 10)] public partial class M : nn.Module<Tensor, Tensor> {Body}" },
        { "a schedule sharing the rate with ReduceLROnPlateau", $"[OneCycleSchedule(0.1)][ReduceLROnPlateau(Monitor = \"loss\")] public partial class M : nn.Module<Tensor, Tensor> {Body}" },
        { "two callbacks setting the learning rate", $"[LearningRateScheduler(nameof(Schedule))][ReduceLROnPlateau(Monitor = \"loss\")] public partial class M : nn.Module<Tensor, Tensor> {Body}" },
        { "weight averaging taking the rate over at epoch 0 from a schedule", $"[LearningRateScheduler(nameof(Schedule))][StochasticWeightAveraging(0.01, 0)] public partial class M : nn.Module<Tensor, Tensor> {Body}" },
        { "a decay of one", $"[EMAWeightAveraging(Decay = 1)] public partial class M : nn.Module<Tensor, Tensor> {Body}" },
        { "early stopping restoring weights with weight averaging", $"[EMAWeightAveraging][EarlyStopping(Monitor = \"loss\", RestoreBestWeights = true)] public partial class M : nn.Module<Tensor, Tensor> {Body}" },
        { "two weight averages", $"[EMAWeightAveraging][StochasticWeightAveraging(0.01, 3)] public partial class M : nn.Module<Tensor, Tensor> {Body}" },
        { "a safetensors checkpoint named .bin", $"[ModelCheckpoint(\"m.bin\", Format = CheckpointFormat.Safetensors, SaveWeightsOnly = true)] public partial class M : nn.Module<Tensor, Tensor> {Body}" },
        { "a factor of one", $"[ReduceLROnPlateau(Monitor = \"loss\", Factor = 1)] public partial class M : nn.Module<Tensor, Tensor> {Body}" },
        { "a negative cooldown", $"[ReduceLROnPlateau(Monitor = \"loss\", Cooldown = -1)] public partial class M : nn.Module<Tensor, Tensor> {Body}" },
        { "an empty CSV path", $"[CsvLogger(\"\")] public partial class M : nn.Module<Tensor, Tensor> {Body}" },
        { "two CSV loggers on one file", $"[CsvLogger(\"a.csv\")][CsvLogger(\"a.csv\", Append = true)] public partial class M : nn.Module<Tensor, Tensor> {Body}" },
        { "a TensorBoard update frequency of zero", $"[TensorBoard(\"tb\", UpdateFrequency = 0)] public partial class M : nn.Module<Tensor, Tensor> {Body}" },
        { "a hook with a wrong signature", $"public partial class M : nn.Module<Tensor, Tensor> {{ public M() : base(\"M\") {{ }} public override Tensor forward(Tensor input) => input; [OnEpochEnd] void E(string epoch) {{ }} }}" },
        { "a hook returning a value", $"public partial class M : nn.Module<Tensor, Tensor> {{ public M() : base(\"M\") {{ }} public override Tensor forward(Tensor input) => input; [OnTrainBegin] int B() => 0; }}" },
        { "a hook filter of zero", $"public partial class M : nn.Module<Tensor, Tensor> {{ public M() : base(\"M\") {{ }} public override Tensor forward(Tensor input) => input; [OnEpochEnd(Every = 0)] void E(int epoch) {{ }} }}" },
        { "a callback implementing no hook", $"[Callback(typeof(object))] public partial class M : nn.Module<Tensor, Tensor> {Body}" },
        { "an abstract callback", $"[Callback(typeof(C))] public partial class M : nn.Module<Tensor, Tensor> {Body} public abstract class C : IOnTrainBegin {{ public void OnTrainBegin(Declarative.Training.TrainingSession s) {{ }} }}" },
        { "a callback without a parameterless constructor", $"[Callback(typeof(C))] public partial class M : nn.Module<Tensor, Tensor> {Body} public sealed class C(int x) : IOnTrainBegin {{ public void OnTrainBegin(Declarative.Training.TrainingSession s) {{ }} }}" },
        { "a callback for another model's logs", $"[Callback(typeof(C))] public partial class M : nn.Module<Tensor, Tensor> {Body} public sealed class C : IOnEpochEnd<OtherLogs> {{ public void OnEpochEnd(int e, in OtherLogs l) {{ }} }} public partial class Other : nn.Module<Tensor, Tensor> {{ public Other() : base(\"O\") {{ }} public override Tensor forward(Tensor input) => input; [Metric] static Tensor X(Tensor o, Tensor t) => o; }}" },
        { "a callback filter below one", $"[Callback(typeof(C), EveryBatches = 0)] public partial class M : nn.Module<Tensor, Tensor> {Body} public sealed class C : IOnTrainBatchEnd {{ public void OnTrainBatchEnd(int b) {{ }} }}" },
        { "metric with a wrong signature", $"public partial class M : nn.Module<Tensor, Tensor> {{ public M() : base(\"M\") {{ }} public override Tensor forward(Tensor input) => input; [Metric] static double L(Tensor o, Tensor t) => 0; }}" },
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void Invalid_models_are_skipped_silently(string because, string source)
    {
        var (result, _) = GeneratorHarness.Run(Usings + source);

        Assert.Null(result.Exception);
        Assert.Empty(result.Diagnostics);
        // A nested model's files are named after its containing types too (Outer.M.Fit.g.cs).
        Assert.True(result.GeneratedSources.All(s => !s.HintName.StartsWith("M.", StringComparison.Ordinal) && !s.HintName.Contains(".M.", StringComparison.Ordinal)), because);
    }

    [Theory]
    [InlineData("[EarlyStopping(Monitor = )]")]
    [InlineData("[ModelCheckpoint(]")]
    [InlineData("[LearningRateScheduler(nameof(]")]
    public void A_half_typed_attribute_is_ignored_and_the_model_keeps_its_Fit(string attribute)
    {
        var (result, output) = GeneratorHarness.Run(Usings + $"{attribute}[Accuracy] public partial class M : nn.Module<Tensor, Tensor> {Body}");

        Assert.Null(result.Exception);
        Assert.Equal(4, result.GeneratedSources.Length);
        var generatedTrees = output.SyntaxTrees.TakeLast(4).ToList();
        Assert.DoesNotContain(output.GetDiagnostics(), d => d.Location.SourceTree is { } tree && generatedTrees.Contains(tree));
        Assert.NotEmpty(GeneratorHarness.Problems(output));
    }

    [Fact]
    public void One_invalid_model_does_not_stop_the_others()
    {
        var (result, output) = GeneratorHarness.Run(
            Usings + $"namespace A; [EarlyStopping(Monitor = \"val_los\")] public partial class M : nn.Module<Tensor, Tensor> {Body}",
            Usings + $"namespace B; [EarlyStopping(Monitor = \"val_loss\")] public partial class M : nn.Module<Tensor, Tensor> {Body}");

        Assert.All(result.GeneratedSources, s => Assert.StartsWith("B.M.", s.HintName));
        Assert.Empty(GeneratorHarness.Problems(output));
    }
}
