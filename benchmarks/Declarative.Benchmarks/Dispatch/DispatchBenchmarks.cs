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
/// host, three ways: the generated dispatcher, the same calls written inline by hand (the floor), and a
/// runtime-composed list of callbacks receiving a dictionary of logs. Every design drives its own, identically
/// configured callback objects. The values never improve after the first epoch, so no weights are copied and no
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

    private readonly double[] _training = [0.9, 0.61];
    private readonly double[] _validation = [1.0, 0.58];
    private const double LearningRate = 0.1;

    private string _folder = null!;
    private string _previousFolder = null!;
    private DispatchModel _model = null!;
    private optim.Optimizer _optimizer = null!;
    private TrainingSession _session = null!;
    private int _batch;
    private int _epoch;

    // The generated design.
    private DispatchModel.CallbackDispatcher _dispatcher;

    // The hand-written design.
    private EarlyStopping _earlyStopping = null!;
    private WeightsSnapshot _bestWeights = null!;
    private ModelCheckpoint _checkpoint = null!;
    private LearningRateScheduler _scheduler = null!;
    private ILearningRateController[] _parameterGroups = null!;
    private bool _stop;

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
        var data = TrainingData.FromTensors(zeros(8, 4), zeros(8, ScalarType.Int64), batchSize: 4);
        _session = new TrainingSession(_model, _optimizer, data, data, epochs: int.MaxValue, initialEpoch: 0, metricCount: 2, TextWriter.Null, default);
        _parameterGroups = _session.ParameterGroups;

        _dispatcher = new DispatchModel.CallbackDispatcher(_model, _model.Callbacks);
        _dispatcher.OnTrainBegin(_session);

        _earlyStopping = new EarlyStopping(MetricDirection.Minimize, patience: 1_000_000);
        _bestWeights = new WeightsSnapshot();
        _checkpoint = new ModelCheckpoint("val_loss", MetricDirection.Minimize, saveBestOnly: true);
        _scheduler = new LearningRateScheduler(DispatchModel.Schedule);
        _earlyStopping.OnTrainBegin();
        _checkpoint.OnTrainBegin();

        var model = _model;
        _callbackList = new CallbackList(
        [
            new LearningRateSchedulerCallback(new LearningRateScheduler(DispatchModel.Schedule), _parameterGroups),
            new EarlyStoppingCallback("val_loss", new EarlyStopping(MetricDirection.Minimize, patience: 1_000_000), _model),
            new ModelCheckpointCallback(new ModelCheckpoint("val_loss", MetricDirection.Minimize, saveBestOnly: true), "checkpoints/best.bin", _model, _optimizer),
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
    public void HandWrittenEpochBegin() => _scheduler.OnEpochBegin(NextEpoch(), _parameterGroups);

    [Benchmark(Description = "generated"), BenchmarkCategory(EpochBegin)]
    public void GeneratedEpochBegin() => _dispatcher.OnEpochBegin(NextEpoch());

    [Benchmark(Description = "runtime-composed"), BenchmarkCategory(EpochBegin)]
    public void RuntimeComposedEpochBegin() => _callbackList.OnEpochBegin(NextEpoch());

    [Benchmark(Baseline = true, Description = "hand-written"), BenchmarkCategory(EpochEnd)]
    public void HandWrittenEpochEnd()
    {
        var epoch = NextEpoch();
        var valLoss = _validation[0];
        var decision = _earlyStopping.OnEpochEnd(epoch, valLoss);
        if (decision.CaptureWeights) _bestWeights.Capture(_model);
        if (decision.StopTraining) _stop = true;
        if (_checkpoint.ShouldSave(epoch, valLoss)) _checkpoint.Save(epoch, "checkpoints/best.bin", _model, _optimizer);
        _model.Remember(_validation[1]);
    }

    [Benchmark(Description = "generated"), BenchmarkCategory(EpochEnd)]
    public void GeneratedEpochEnd()
    {
        // What Fit does at an epoch's end once the values are read: the typed logs record, then the dispatcher.
        var epoch = NextEpoch();
        var logs = _dispatcher.CreateLogs(epoch, _training, _validation, LearningRate);
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

    /// <summary>Whether the hand-written early stopping asked to stop (never, with this patience); keeps its branch live.</summary>
    public bool StopRequested => _stop;
}
