using static TorchSharp.torch;

namespace TwoInputs;

/// <summary>
/// One batch: each sample's sensor signal, the context it was measured in, its label, and how much the annotator
/// trusted that label (the loss weighs each sample by it). Moves itself to a device, so Fit's <c>device</c> works.
/// </summary>
public sealed record Readings(Tensor Signal, Tensor Context, Tensor Label, Tensor Confidence)
{
    public Readings To(Device device) => new(Signal.to(device), Context.to(device), Label.to(device), Confidence.to(device));

    /// <summary>
    /// Made-up data: 4 classes whose signal (16 values) only separates them once the context (4 values: which of 4
    /// machines measured it, each adding its own offset) is known. A fifth of the labels are wrong, and the annotator
    /// gave those a low confidence.
    /// </summary>
    public static (List<Readings> Train, List<Readings> Validation) Make(int trainBatches, int validationBatches, int batchSize, Generator generator)
    {
        var centers = randn(4, 16, generator: generator) * 1.5;
        var offsets = randn(4, 16, generator: generator) * 3;
        return (Batches(trainBatches), Batches(validationBatches));

        List<Readings> Batches(int batches)
        {
            var result = new List<Readings>();
            for (var i = 0; i < batches; i++)
            {
                var label = randint(0, 4, batchSize, generator: generator, dtype: ScalarType.Int64);
                var machine = randint(0, 4, batchSize, generator: generator, dtype: ScalarType.Int64);
                var signal = centers[label] + offsets[machine] + randn(batchSize, 16, generator: generator);
                var wrong = rand(batchSize, generator: generator) < 0.2;
                var shown = where(wrong, (label + randint(1, 4, batchSize, generator: generator, dtype: ScalarType.Int64)) % 4, label);
                var confidence = where(wrong, tensor(0.1f), tensor(1f));
                result.Add(new Readings(signal, nn.functional.one_hot(machine, 4).to_type(ScalarType.Float32), shown, confidence));
            }

            return result;
        }
    }
}
