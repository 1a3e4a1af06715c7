using System.Diagnostics;
using System.Globalization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Declarative.Benchmarks.Training;

/// <summary>
/// The run <see cref="BenchmarkClassifier"/>'s Fit does, written by hand the way a careful TorchSharp user would, with
/// no Declarative type: the same batches in the same order, the same optimizer steps, the loss and accuracy summed on
/// the device and read once per epoch, and each callback's work written inline: the learning-rate schedule, early
/// stopping with its best weights, a checkpoint at each improvement (written to a temporary file, flushed to disk, then
/// renamed, so a crash never leaves a torn file), a CSV row, TensorBoard scalars, the epoch hook and a progress line.
/// </summary>
public static class HandWrittenLoop
{
    private const int Patience = 5;

    public sealed record Epoch(int Number, double Loss, double Accuracy, double ValLoss, double ValAccuracy, double LearningRate);

    /// <summary>Trains <paramref name="model"/>; returns each epoch's values and the epoch whose weights it ends with.</summary>
    public static (List<Epoch> History, int BestEpoch) Run(BenchmarkClassifier model, optim.Optimizer optimizer, TrainingWorkload data, TextWriter output)
    {
        var lossFunction = nn.CrossEntropyLoss();
        var samples = data.Inputs.shape[0];
        var validationSamples = data.ValidationInputs.shape[0];
        var history = new List<Epoch>();
        var parameters = model.parameters().ToArray();
        Tensor[]? bestWeights = null;
        var (bestValLoss, bestEpoch, wait) = (double.PositiveInfinity, 0, 0);
        var bestSavedValLoss = double.PositiveInfinity;

        using var lossSum = zeros(Array.Empty<long>(), ScalarType.Float64);
        using var correct = zeros(Array.Empty<long>(), ScalarType.Float64);
        var trainWriter = utils.tensorboard.SummaryWriter("tensorboard/train");
        var validationWriter = utils.tensorboard.SummaryWriter("tensorboard/validation");
        using var csv = new StreamWriter("history.csv") { NewLine = "\r\n" };
        csv.WriteLine("epoch,accuracy,learning_rate,loss,val_accuracy,val_loss");
        Directory.CreateDirectory("checkpoints");

        for (var epoch = 0; epoch < data.Epochs; epoch++)
        {
            foreach (var group in optimizer.ParamGroups) group.LearningRate = BenchmarkClassifier.Schedule(epoch, group.LearningRate);
            var learningRate = optimizer.ParamGroups.First().LearningRate;
            var clock = Stopwatch.StartNew();

            model.train();
            lossSum.fill_(0.0);
            correct.fill_(0.0);
            var batches = 0;
            using (var order = randperm(samples))
            {
                for (long start = 0; start < samples; start += TrainingWorkload.BatchSize, batches++)
                {
                    using var scope = NewDisposeScope();
                    var length = Math.Min(TrainingWorkload.BatchSize, samples - start);
                    var indices = order.narrow(0, start, length);
                    var (input, target) = (data.Inputs.index_select(0, indices), data.Targets.index_select(0, indices));
                    optimizer.zero_grad();
                    var prediction = model.call(input);
                    var loss = lossFunction.call(prediction, target);
                    loss.backward();
                    optimizer.step();
                    using (no_grad())
                    {
                        lossSum.add_(loss.detach(), alpha: (double)length);
                        correct.add_(prediction.argmax(-1).eq(target).sum());
                    }
                }
            }

            var (trainLoss, trainAccuracy) = (lossSum.item<double>() / samples, correct.item<double>() / samples);

            model.eval();
            lossSum.fill_(0.0);
            correct.fill_(0.0);
            using (no_grad())
            {
                for (long start = 0; start < validationSamples; start += TrainingWorkload.BatchSize)
                {
                    using var scope = NewDisposeScope();
                    var length = Math.Min(TrainingWorkload.BatchSize, validationSamples - start);
                    var (input, target) = (data.ValidationInputs.narrow(0, start, length), data.ValidationTargets.narrow(0, start, length));
                    var prediction = model.call(input);
                    lossSum.add_(lossFunction.call(prediction, target), alpha: (double)length);
                    correct.add_(prediction.argmax(-1).eq(target).sum());
                }
            }

            var (valLoss, valAccuracy) = (lossSum.item<double>() / validationSamples, correct.item<double>() / validationSamples);

            // Early stopping (Keras's rules: the counter grows first; an improvement resets it; epoch 0 never stops).
            var stop = false;
            wait++;
            if (valLoss < bestValLoss)
            {
                (bestValLoss, bestEpoch, wait) = (valLoss, epoch, 0);
                bestWeights ??= parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
                using (no_grad())
                {
                    for (var i = 0; i < parameters.Length; i++) bestWeights[i].copy_(parameters[i]);
                }
            }
            else if (wait >= Patience && epoch > 0)
            {
                stop = true;
            }

            if (valLoss < bestSavedValLoss)
            {
                bestSavedValLoss = valLoss;
                SaveCheckpoint($"checkpoints/model-{epoch + 1:00}.bin", model, optimizer);
            }

            csv.WriteLine(string.Join(',', epoch, Text(trainAccuracy), Text(learningRate), Text(trainLoss), Text(valAccuracy), Text(valLoss)));
            csv.Flush();

            trainWriter.add_scalar("epoch_loss", (float)trainLoss, epoch);
            validationWriter.add_scalar("epoch_loss", (float)valLoss, epoch);
            trainWriter.add_scalar("epoch_accuracy", (float)trainAccuracy, epoch);
            validationWriter.add_scalar("epoch_accuracy", (float)valAccuracy, epoch);
            trainWriter.add_scalar("epoch_learning_rate", (float)learningRate, epoch);

            model.Remember(valAccuracy);
            history.Add(new Epoch(epoch, trainLoss, trainAccuracy, valLoss, valAccuracy, learningRate));
            output.WriteLine(
                $"Epoch {epoch + 1}/{data.Epochs} - {batches}/{batches} - {clock.ElapsedMilliseconds}ms - loss: {trainLoss:F4} - accuracy: {trainAccuracy:F4}" +
                $" - val_loss: {valLoss:F4} - val_accuracy: {valAccuracy:F4} - learning_rate: {learningRate:F4}");

            if (stop) break;
        }

        using (no_grad())
        {
            for (var i = 0; i < parameters.Length; i++) parameters[i].copy_(bestWeights![i]);
        }

        foreach (var weights in bestWeights!) weights.Dispose();
        return (history, bestEpoch);
    }

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static void SaveCheckpoint(string path, nn.Module model, optim.Optimizer optimizer)
    {
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            {
                model.save(writer);
                ((OptimizerHelper)optimizer).save_state_dict(writer);
            }

            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
