using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Declarative.Benchmarks.Support;
using Declarative.Callbacks;
using Declarative.Training;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.optim;

namespace Declarative.Benchmarks.Dispatch;

/// <summary>
/// The cost of one event (a training batch's end, an epoch's begin, an epoch's end) with the values already on the
/// host, three ways: the generated dispatcher, the same runtime callbacks called inline by hand (the floor: what a
/// hand-written loop driving them does), and a runtime-composed list of callbacks receiving a dictionary of logs.
/// Every design drives its own, identically configured callback objects. The values never improve after the first epoch, so no weights are copied and no
/// checkpoint is written during the measurement: what is measured is reaching the callbacks and their decisions.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class DispatchBenchmarks
{
    private const string BatchEnd = "train batch end";
    private const string EpochBegin = "epoch begin";
    private const string EpochEnd = "epoch end";

    private const double LearningRate = 0.1;
    private readonly double[] _training = [0.9, 0.61, LearningRate]; // loss, accuracy, learning_rate
    private readonly double[] _validation = [1.0, 0.58, double.NaN];

    private string _folder = null!;
    private string _previousFolder = null!;
    private DispatchModel _model = null!;
    private optim.Optimizer _optimizer = null!;
    private TrainingSession _session = null!;
    private int _batch;
    private int _epoch;

    // The generated design.
    private DispatchModel.CallbackDispatcher _dispatcher;

    // The hand-written design: the same runtime callbacks, called by hand.
    private EarlyStopping<DispatchModelLogs> _earlyStopping = null!;
    private ModelCheckpoint<DispatchModelLogs> _checkpoint = null!;
    private LearningRateScheduler _scheduler = null!;
    private ILearningRateController[] _parameterGroups = null!;

    // The runtime-composed design.
    private CallbackList _callbackList = null!;

    [GlobalSetup]
    public void Setup()
    {
        _previousFolder = Environment.CurrentDirectory;
        _folder = ScratchFolder.Create("declarative-dispatch-");
        Environment.CurrentDirectory = _folder;

        manual_seed(1);
        _model = new DispatchModel();
        _optimizer = optim.SGD(_model.parameters(), LearningRate);
        _session = new TrainingSession(_model, [("optimizer", _optimizer)], batchesPerEpoch: 2, hasValidation: true, epochs: int.MaxValue, initialEpoch: 0, MetricsOf<DispatchModelLogs>(), TextWriter.Null, default, configuration: []);
        _parameterGroups = _session.ParameterGroups;

        _dispatcher = new DispatchModel.CallbackDispatcher(_model, _model.Callbacks);
        _dispatcher.OnTrainBegin(_session);

        _earlyStopping = new(DispatchModelLogs.Monitors.ValLoss, new EarlyStoppingAttribute { Patience = 1_000_000 });
        _checkpoint = new(new ModelCheckpointAttribute("checkpoints/best.bin") { SaveBestOnly = true }, DispatchModelLogs.Monitors.ValLoss);
        _scheduler = new(new LearningRateSchedulerAttribute(nameof(DispatchModel.Schedule)), DispatchModel.Schedule);
        _earlyStopping.OnTrainBegin(_session);
        _checkpoint.OnTrainBegin(_session);
        _scheduler.OnTrainBegin(_session);

        var model = _model;
        _callbackList = new CallbackList(
        [
            new LearningRateSchedulerCallback(new(new LearningRateSchedulerAttribute(nameof(DispatchModel.Schedule)), DispatchModel.Schedule), _parameterGroups),
            new EarlyStoppingCallback("val_loss", new(DispatchModelLogs.Monitors.ValLoss, new EarlyStoppingAttribute { Patience = 1_000_000 }), _model),
            new ModelCheckpointCallback("val_loss", new(new ModelCheckpointAttribute("checkpoints/best.bin") { SaveBestOnly = true }, DispatchModelLogs.Monitors.ValLoss), "checkpoints/best.bin", _model, _optimizer),
            new LambdaCallback(
                onTrainBatchEnd: (_, _) => model.CountBatch(0),
                onEpochEnd: (_, logs) => model.Remember(logs.TryGetValue("val_accuracy", out var value) ? value : double.NaN)),
        ]);

        // The first epoch is always an improvement (weights copied, a checkpoint written); take it out of the measurement.
        GeneratedEpochEnd();
        HandWrittenEpochEnd();
        RuntimeComposedEpochEnd();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _session.Dispose();
        Environment.CurrentDirectory = _previousFolder;
        Directory.Delete(_folder, recursive: true);
    }

    private int NextBatch() => _batch = (_batch + 1) & 0xFFFF;

    private int NextEpoch() => _epoch = (_epoch + 1) & 0xFFFF;

    [Benchmark(Baseline = true, Description = "hand-written"), BenchmarkCategory(BatchEnd)]
    public void HandWrittenBatchEnd() => _model.CountBatch(NextBatch());

    // The calls a loop driving these objects must make now that a callback's settings decide at run time which of its
    // hooks do something (a checkpoint's SaveFrequency): every hook its type implements, as the generated code calls them.
    [Benchmark(Description = "hand-written, every hook of the types"), BenchmarkCategory(BatchEnd)]
    public void HandWrittenEveryHookBatchEnd()
    {
        var batch = NextBatch();
        _checkpoint.OnTrainBatchEnd(batch);
        _model.CountBatch(batch);
    }

    [Benchmark(Description = "generated"), BenchmarkCategory(BatchEnd)]
    public void GeneratedBatchEnd() => _dispatcher.OnTrainBatchEnd(NextBatch());

    [Benchmark(Description = "runtime-composed"), BenchmarkCategory(BatchEnd)]
    public void RuntimeComposedBatchEnd()
    {
        // As the loop of that design does for every batch: the batch's values, by name, for whichever callback wants them.
        var logs = new Dictionary<string, double> { ["loss"] = _training[0], ["accuracy"] = _training[1] };
        _callbackList.OnTrainBatchEnd(NextBatch(), logs);
    }

    [Benchmark(Baseline = true, Description = "hand-written"), BenchmarkCategory(EpochBegin)]
    public void HandWrittenEpochBegin() => _scheduler.OnEpochBegin(NextEpoch());

    [Benchmark(Description = "generated"), BenchmarkCategory(EpochBegin)]
    public void GeneratedEpochBegin() => _dispatcher.OnEpochBegin(NextEpoch());

    [Benchmark(Description = "runtime-composed"), BenchmarkCategory(EpochBegin)]
    public void RuntimeComposedEpochBegin() => _callbackList.OnEpochBegin(NextEpoch());

    [Benchmark(Baseline = true, Description = "hand-written"), BenchmarkCategory(EpochEnd)]
    public void HandWrittenEpochEnd()
    {
        // What a loop of one's own does at an epoch's end with the runtime callbacks: the typed logs, then each callback.
        var epoch = NextEpoch();
        var logs = new DispatchModelLogs
        {
            Epoch = epoch,
            Loss = _training[0],
            Accuracy = _training[1],
            ValLoss = _validation[0],
            ValAccuracy = _validation[1],
            LearningRate = LearningRate,
        };
        _earlyStopping.OnEpochEnd(epoch, in logs);
        _checkpoint.OnEpochEnd(epoch, in logs);
        _model.Remember(_validation[1]);
    }

    [Benchmark(Description = "generated"), BenchmarkCategory(EpochEnd)]
    public void GeneratedEpochEnd()
    {
        // What Fit does at an epoch's end once the values are read: the typed logs record, then the dispatcher.
        var epoch = NextEpoch();
        var logs = DispatchModelLogs.Create(epoch, _training, _validation);
        _dispatcher.OnEpochEnd(epoch, in logs);
    }

    [Benchmark(Description = "runtime-composed"), BenchmarkCategory(EpochEnd)]
    public void RuntimeComposedEpochEnd()
    {
        var logs = new Dictionary<string, double>
        {
            ["loss"] = _training[0],
            ["accuracy"] = _training[1],
            ["val_loss"] = _validation[0],
            ["val_accuracy"] = _validation[1],
            ["learning_rate"] = LearningRate,
        };
        _callbackList.OnEpochEnd(NextEpoch(), logs);
    }

    private static IReadOnlyList<Metrics.MetricInfo> MetricsOf<TLogs>() where TLogs : struct, ITrainingLogs<TLogs> => TLogs.Metrics;
}
