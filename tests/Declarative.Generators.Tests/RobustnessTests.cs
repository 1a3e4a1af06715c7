using System.Collections.Immutable;
using Declarative.Generators.Diagnostics;
using Declarative.Generators.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Declarative.Generators.Tests;

/// <summary>
/// Half-typed code is the normal state of a file in an IDE: the generator and the analyzer must never throw on it.
/// Every token prefix of a rich model file, and random token deletions from it, go through both.
/// </summary>
public class RobustnessTests
{
    private static readonly string Source = Verify.Usings + """
        namespace Demo;

        [Accuracy]
        [EarlyStopping(Monitor = "val_loss", MinDelta = 0.001, Patience = 3, RestoreBestWeights = true, StartFromEpoch = 2)]
        [ModelCheckpoint("runs/{epoch:02d}-{val_loss:.3f}.bin", Monitor = "val_accuracy", SaveBestOnly = true)]
        [ModelCheckpoint("runs/b{batch:04d}.bin", SaveFrequency = 10, Monitor = "loss", SaveBestOnly = true)]
        [ReduceLROnPlateau(Monitor = "val_loss", Factor = 0.5, Patience = 2, Cooldown = 1)]
        [TerminateOnNaN]
        [CsvLogger("runs/history.csv", Separator = ';')]
        [TensorBoard("runs/tb", UpdateFrequency = 5, HistogramFrequency = 2)]
        [Callback(typeof(Printer<>), EveryEpochs = 2)]
        public partial class Net : nn.Module<Tensor, Tensor>
        {
            private readonly Linear _layer = nn.Linear(4, 3);
            public Net() : base(nameof(Net)) => RegisterComponents();
            public override Tensor forward(Tensor input) => _layer.call(input);

            [Metric(Name = "top1", Direction = MetricDirection.Maximize)]
            static Tensor Top1(Tensor output, Tensor target) => output.argmax(1).eq(target).to_type(ScalarType.Float32);

            [OnEpochEnd(Every = 2, FromEpoch = 1)] void Report(int epoch, NetLogs logs) { }
            [OnTrainBatchEnd(Every = 10)] static void Batch(int batch) { }
            [OnTrainEnd] void End(TrainingEnd end) { }
        }

        public sealed class Printer<TLogs> : IOnEpochEnd<TLogs>, IOnTrainBegin where TLogs : struct, ITrainingLogs<TLogs>
        {
            public void OnEpochEnd(int epoch, in TLogs logs) { }
            public void OnTrainBegin(TrainingSession session) { }
        }
        """;

    public static IEnumerable<object[]> Variants()
    {
        var tokens = CSharpSyntaxTree.ParseText(Source).GetRoot().DescendantTokens().ToList();
        var prefixes = tokens.Select(t => Source.Substring(0, t.Span.End));
        var random = new Random(20261124);
        var deletions = Enumerable.Range(0, 150).Select(_ =>
        {
            var text = Source;
            foreach (var token in Enumerable.Range(0, random.Next(1, 4)).Select(_ => tokens[random.Next(tokens.Count)]).OrderByDescending(t => t.SpanStart).Distinct())
                text = text.Remove(token.SpanStart, token.Span.Length);
            return text;
        });
        return prefixes.Concat(deletions).Chunk(60).Select((chunk, i) => new object[] { i, chunk });
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task Damaged_sources_never_make_the_generator_or_the_analyzer_throw(int chunk, string[] sources)
    {
        var driver = GeneratorHarness.CreateDriver();
        foreach (var source in sources)
        {
            driver = driver.RunGeneratorsAndUpdateCompilation(GeneratorHarness.Compile(source), out var output, out var generatorDiagnostics);
            var result = driver.GetRunResult().Results.Single();
            Assert.True(result.Exception is null, $"generator threw {result.Exception} on (chunk {chunk}):\n{source}");
            Assert.Empty(generatorDiagnostics);

            var crashes = new List<Exception>();
            var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions([]), (exception, _, _) => crashes.Add(exception), concurrentAnalysis: false, logAnalyzerExecutionTime: false);
            await output.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new ModelAnalyzer()), options).GetAnalyzerDiagnosticsAsync();
            Assert.True(crashes.Count == 0, $"analyzer threw {crashes.FirstOrDefault()} on (chunk {chunk}):\n{source}");
        }
    }
}
