using TorchSharp;
using static TorchSharp.torch;

namespace Declarative.Benchmarks.Steps;

/// <summary>
/// The loops the step benchmarks' Fit runs do, written by hand with no Declarative type: the same batches in the same
/// order, the same step, clipping and optimizer step, the loss and accuracy summed on the device and read once per
/// epoch, and a dispose scope per batch. Written to allocate as little as a careful user can (a batch's size read with
/// <c>size(0)</c>, not <c>shape</c>, which makes an array; the loss weights' Scalar made once), so that the bytes per
/// batch that Fit allocates beyond them are the framework's own.
/// </summary>
public static class HandWrittenStepLoops
{
    // Every batch of the two-input workload holds 32 samples, and all but the tiny workload's last hold 8.
    private static readonly Scalar BatchWeight = 32.0;
    private static readonly Scalar TinyBatchWeight = (double)StepWorkloads.TinyBatchSize;

    /// <summary>The two-input model's step, clipped, then validation; returns each epoch's (loss, val_loss).</summary>
    public static List<(double Loss, double ValLoss)> TwoInput(TwoInputStepModel model, optim.Optimizer optimizer, List<WeightedPair> train, List<WeightedPair> validation, int epochs)
    {
        var parameters = model.parameters().ToArray();
        var history = new List<(double, double)>();
        using var lossSum = zeros(Array.Empty<long>(), ScalarType.Float64);
        using var correct = zeros(Array.Empty<long>(), ScalarType.Float64);
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            model.train();
            lossSum.fill_(0.0);
            correct.fill_(0.0);
            long samples = 0;
            foreach (var batch in train)
            {
                using var scope = NewDisposeScope();
                optimizer.zero_grad();
                var output = model.call(batch.Left, batch.Right);
                var loss = TwoInputStepModel.WeightedLoss(output, batch);
                loss.backward();
                nn.utils.clip_grad_norm_(parameters, 1.0);
                optimizer.step();
                using (no_grad())
                {
                    lossSum.add_(loss.detach(), BatchWeight);
                    correct.add_(output.argmax(-1).eq(batch.Label).sum());
                }

                samples += output.size(0);
            }

            var trainLoss = lossSum.item<double>() / samples;
            _ = correct.item<double>() / samples;

            model.eval();
            lossSum.fill_(0.0);
            correct.fill_(0.0);
            samples = 0;
            using (no_grad())
            {
                foreach (var batch in validation)
                {
                    using var scope = NewDisposeScope();
                    var output = model.call(batch.Left, batch.Right);
                    lossSum.add_(TwoInputStepModel.WeightedLoss(output, batch), BatchWeight);
                    correct.add_(output.argmax(-1).eq(batch.Label).sum());
                    samples += output.size(0);
                }
            }

            history.Add((trainLoss, lossSum.item<double>() / samples));
            _ = correct.item<double>() / samples;
        }

        return history;
    }

    /// <summary>The tiny model's default step over shuffled batches of tensors; returns each epoch's loss.</summary>
    public static List<double> Tiny(TinyModel model, optim.Optimizer optimizer, Tensor inputs, Tensor targets, int epochs)
    {
        var lossFunction = nn.CrossEntropyLoss();
        var samples = inputs.shape[0];
        var history = new List<double>();
        using var lossSum = zeros(Array.Empty<long>(), ScalarType.Float64);
        using var correct = zeros(Array.Empty<long>(), ScalarType.Float64);
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            model.train();
            lossSum.fill_(0.0);
            correct.fill_(0.0);
            using (var order = randperm(samples))
            {
                for (long start = 0; start < samples; start += StepWorkloads.TinyBatchSize)
                {
                    using var scope = NewDisposeScope();
                    var length = Math.Min(StepWorkloads.TinyBatchSize, samples - start);
                    var indices = order.narrow(0, start, length);
                    var (input, target) = (inputs.index_select(0, indices), targets.index_select(0, indices));
                    optimizer.zero_grad();
                    var output = model.call(input);
                    var loss = lossFunction.call(output, target);
                    loss.backward();
                    optimizer.step();
                    using (no_grad())
                    {
                        lossSum.add_(loss.detach(), length == StepWorkloads.TinyBatchSize ? TinyBatchWeight : (Scalar)(double)length);
                        correct.add_(output.argmax(-1).eq(target).sum());
                    }
                }
            }

            history.Add(lossSum.item<double>() / samples);
            _ = correct.item<double>() / samples;
        }

        return history;
    }
}
