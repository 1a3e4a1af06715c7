using Declarative.Tests.Models;
using Declarative.Tests.Support;
using static TorchSharp.torch;

namespace Declarative.Tests.Training;

/// <summary>
/// Evaluate runs the validation step over data and returns that pass's logs, exactly the values Fit's validation gives;
/// Predict returns the model's outputs over its inputs, concatenated in order, keeping no other tensor.
/// </summary>
public sealed class EvaluatePredictTests
{
    private static BlobClassifier Trained(out History<BlobClassifierLogs> history, (Tensor, Tensor) validation)
    {
        manual_seed(3);
        var model = new BlobClassifier();
        var (inputs, targets) = Data.Blobs(64, seed: 1);
        history = model.Fit(inputs, targets, 16, 2, optim.SGD(model.parameters(), 0.1), nn.CrossEntropyLoss(), validation, progress: ProgressMode.Silent);
        return model;
    }

    [Fact]
    public void Evaluate_gives_the_values_of_Fits_validation_pass_in_the_unprefixed_members()
    {
        var (inputs, targets) = Data.Blobs(40, seed: 2);
        var model = Trained(out var history, (inputs, targets));

        var result = model.Evaluate(inputs, targets, nn.CrossEntropyLoss(), batchSize: 16, progress: ProgressMode.Silent);

        var last = history[^1];
        Assert.Equal(last.ValLoss, result.Loss);
        Assert.Equal(last.ValAccuracy, result.Accuracy);
        Assert.Equal(last.ValConfidence, result.Confidence);
        Assert.Null(result.ValLoss);
        Assert.False(result.HasValidation);
        Assert.True(model.training);
    }

    [Fact]
    public void Evaluate_runs_in_eval_mode_under_no_grad_and_puts_the_mode_back()
    {
        var model = new DropoutProbe();
        var (inputs, targets) = Data.Blobs(8, seed: 2);
        model.eval();

        model.Evaluate(inputs, targets, nn.MSELoss(), batchSize: 4, progress: ProgressMode.Silent);

        Assert.Equal([(false, false), (false, false)], model.Seen);
        Assert.False(model.training);
    }

    [Fact]
    public void Evaluate_runs_a_models_own_step_and_prints_one_line()
    {
        manual_seed(3);
        var model = new CustomStepModel();
        using var generator = new Generator(4);
        var batches = Enumerable.Range(0, 3).Select(_ => new PairBatch(randn(8, 2, generator: generator), randn(8, 2, generator: generator), randint(0, 2, 8, generator: generator, dtype: ScalarType.Int64))).ToList();
        var output = new StringWriter();

        var result = model.Evaluate(batches, progress: ProgressMode.Lines, output: output);

        var expected = batches.Select(b => { using var _ = no_grad(); var o = model.call(b.Left, b.Right); return (nn.functional.cross_entropy(o, b.Label).item<float>(), o.argmax(1).eq(b.Label).sum().item<long>()); }).ToList();
        Assert.Equal(expected.Average(e => (double)e.Item1), result.Loss, 6);
        Assert.Equal(expected.Sum(e => e.Item2) / 24.0, result.Accuracy, 12);
        var line = Assert.Single(output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("Evaluate - 3/3 - ", line);
        Assert.Contains($" - loss: {result.Loss:F4} - accuracy: {result.Accuracy:F4} - ", line);
        Assert.Equal(3, model.Steps); // without a [ValidationStep], the training step, as Fit validates
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(64)]
    public void Predict_returns_the_outputs_of_every_sample_in_order_and_keeps_no_other_tensor(int batchSize)
    {
        var (inputs, targets) = Data.Blobs(40, seed: 2);
        var model = Trained(out _, (inputs, targets));
        Tensor expected;
        using (no_grad())
        {
            model.eval();
            expected = model.call(inputs);
            model.train();
        }

        var before = TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        using var predicted = model.Predict(inputs, batchSize, progress: ProgressMode.Silent);

        Assert.Equal(before + 1, TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        Assert.Equal([40L, 2L], predicted.shape);
        Assert.False(predicted.requires_grad);
        Assert.True(predicted.allclose(expected, rtol: 1e-6, atol: 1e-6));
        Assert.True(model.training);
    }

    [Fact]
    public void Predict_takes_each_input_of_a_model_of_several()
    {
        manual_seed(3);
        var model = new TwoInputModel();
        var (left, right) = (randn(10, 2), randn(10, 2));

        using var predicted = model.Predict(left, right, batchSize: 4, progress: ProgressMode.Silent);

        using var noGrad = no_grad();
        Assert.True(predicted.allclose(model.call(left, right), rtol: 1e-6, atol: 1e-6));
    }
}
