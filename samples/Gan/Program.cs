// A small GAN that learns 8 clusters on a ring. Its training step optimizes by hand, with a generator and a
// discriminator optimizer; the declared callbacks checkpoint it, log both losses to CSV and TensorBoard, and schedule
// the generator's learning rate. Everything it writes goes under runs/gan.
//
//   dotnet run --project samples/Gan

using Declarative;
using Gan;
using static TorchSharp.torch;

const int Epochs = 80;
manual_seed(3);
var generator = new Generator(3);
if (Directory.Exists("runs/gan")) Directory.Delete("runs/gan", recursive: true);

var model = new RingGan();
var (coveredBefore, _) = Ring.Coverage(Sample());
var history = model.Fit(
    TrainingData.FromTensors(Ring.Sample(2048, generator), batchSize: 128), Epochs,
    generator: optim.Adam(model.Generator.parameters(), 0.002, beta1: 0.5),
    discriminator: optim.Adam(model.Discriminator.parameters(), 0.002, beta1: 0.5),
    progress: ProgressMode.Auto);

var (covered, near) = Ring.Coverage(Sample());
Console.WriteLine();
Console.WriteLine($"Generated points near one of the {Ring.Modes} clusters: {near:P0}; clusters covered: {covered} of {Ring.Modes} (before training: {coveredBefore}).");
Console.WriteLine($"Losses in the last epoch: generator {history[^1].Loss:F3}, discriminator {history[^1].DLoss:F3} (2 ln 2 = 1.386 at equilibrium).");
Console.WriteLine($"Checkpoints: {string.Join(", ", Directory.GetFiles("runs/gan/checkpoints").Select(Path.GetFileName).Order())}");
Console.WriteLine($"History as CSV: {Path.GetFullPath("runs/gan/history.csv")}; TensorBoard logs: {Path.GetFullPath("runs/gan/tensorboard")}");

Tensor Sample()
{
    using var noGrad = no_grad();
    model.eval();
    return model.call(randn(1000, RingGan.NoiseSize, generator: generator));
}
