using Declarative.Callbacks;
using Declarative.Tests.Support;
using Declarative.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Declarative.Tests.Callbacks;

/// <summary>A model whose only declaration is a metric: it gets a logs type, and its loop is written by hand.</summary>
[Accuracy]
public partial class LoopNet : nn.Module<Tensor, Tensor>
{
    private readonly Sequential _layers = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 2));

    public LoopNet() : base(nameof(LoopNet)) => RegisterComponents();

    public override Tensor forward(Tensor input) => _layers.call(input);
}

/// <summary>
/// The runtime callbacks are complete on their own: a hand-written loop drives them with no glue (the example in
/// docs/callbacks.md is this test's code, checked word for word).
/// </summary>
[Collection(WorkingDirectoryCollection.Name)]
public sealed class HandWrittenLoopCallbacksTests
{
    [Fact]
    public void A_hand_written_loop_gets_early_stopping_best_weights_checkpoints_and_a_csv_from_the_runtime_callbacks()
    {
        using var folder = new TemporaryWorkingDirectory();
        manual_seed(3);
        var train = Data.Blobs(64, seed: 1);
        var validation = Data.Blobs(32, seed: 2);

        // docs:begin hand-written-loop
        var model = new LoopNet();
        var optimizer = optim.Adam(model.parameters(), 0.05);
        using var session = new TrainingSession(model, optimizer, epochs: 30, hasValidation: true);
        using var stopping = new EarlyStopping<LoopNetLogs>(LoopNetLogs.Monitors.ValLoss, new() { Patience = 2, RestoreBestWeights = true });
        var checkpoint = new ModelCheckpoint<LoopNetLogs>(new("checkpoints/net-{epoch:02d}-{val_loss:.3f}.bin") { SaveBestOnly = true }, LoopNetLogs.Monitors.ValLoss);
        using var csv = new CsvLogger<LoopNetLogs>(new("history.csv"));

        stopping.OnTrainBegin(session);
        checkpoint.OnTrainBegin(session);
        csv.OnTrainBegin(session);
        var last = -1;
        for (var epoch = 0; epoch < session.Epochs && !session.StopRequested; epoch++)
        {
            var (loss, accuracy) = TrainOneEpoch(model, optimizer, train);
            var (valLoss, valAccuracy) = Evaluate(model, validation);
            var logs = new LoopNetLogs { Epoch = epoch, Loss = loss, Accuracy = accuracy, ValLoss = valLoss, ValAccuracy = valAccuracy, LearningRate = session.LearningRate };
            stopping.OnEpochEnd(epoch, logs);   // may ask the session to stop
            checkpoint.OnEpochEnd(epoch, logs); // saves when val_loss improves
            csv.OnEpochEnd(epoch, logs);
            last = epoch;
        }

        var end = new TrainingEnd(session.StopRequested ? TrainingEndReason.Stopped : TrainingEndReason.Completed, last, session.StoppedBy);
        stopping.OnTrainEnd(end); // puts the best epoch's weights back
        csv.OnTrainEnd(end);
        // docs:end

        Assert.Equal(last + 2, File.ReadAllLines("history.csv").Length);
        var best = Path.Combine("checkpoints", $"net-{stopping.BestEpoch + 1:00}-{stopping.Best:0.000}.bin");
        Assert.Equal(Path.GetFullPath(best), Path.GetFullPath(checkpoint.LastSavedPath!));
        var saved = new LoopNet();
        saved.load(best);
        Assert.Equal(Data.Weights(saved), Data.Weights(model));
        if (session.StopRequested) Assert.Equal(stopping.Description, end.StoppedBy);
    }

    [Fact]
    public void The_docs_show_this_tests_loop_word_for_word()
    {
        var loop = Repository.Region("tests/Declarative.Tests/Callbacks/HandWrittenLoopCallbacksTests.cs", "hand-written-loop");
        Assert.Contains(loop, Repository.Read("docs/callbacks.md"));
    }

    private static (double Loss, double Accuracy) TrainOneEpoch(LoopNet model, optim.Optimizer optimizer, (Tensor Inputs, Tensor Targets) data)
    {
        model.train();
        using var scope = NewDisposeScope();
        optimizer.zero_grad();
        var output = model.call(data.Inputs);
        var loss = nn.functional.cross_entropy(output, data.Targets);
        loss.backward();
        optimizer.step();
        return (loss.item<float>(), output.argmax(1).eq(data.Targets).to_type(ScalarType.Float32).mean().item<float>());
    }

    private static (double Loss, double Accuracy) Evaluate(LoopNet model, (Tensor Inputs, Tensor Targets) data)
    {
        model.eval();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var output = model.call(data.Inputs);
        return (nn.functional.cross_entropy(output, data.Targets).item<float>(), output.argmax(1).eq(data.Targets).to_type(ScalarType.Float32).mean().item<float>());
    }
}
