using Declarative;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Gan;

/// <summary>What one training step reports: the generator's loss (the model's loss) and the discriminator's.</summary>
public readonly record struct GanLosses(Tensor Loss, Tensor Discriminator);

/// <summary>
/// A small GAN. Its training step optimizes by hand, with two optimizers that Fit takes by the step's parameter names;
/// the callbacks checkpoint the whole model every 5 epochs, log both losses to CSV and TensorBoard, and decay only the
/// generator's learning rate.
/// </summary>
[ModelCheckpoint("runs/gan/checkpoints/gan-{epoch:02d}.bin", SaveFrequency = 5 * 16)]
[CsvLogger("runs/gan/history.csv")]
[TensorBoard("runs/gan/tensorboard")]
[LearningRateScheduler(nameof(Decay), Optimizer = "generator")]
public partial class RingGan : nn.Module<Tensor, Tensor>
{
    public const int NoiseSize = 4;

    private readonly Sequential _generator = nn.Sequential(nn.Linear(NoiseSize, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 2));
    private readonly Sequential _discriminator = nn.Sequential(nn.Linear(2, 64), nn.LeakyReLU(0.2), nn.Linear(64, 64), nn.LeakyReLU(0.2), nn.Linear(64, 1));

    public RingGan() : base(nameof(RingGan)) => RegisterComponents();

    public Sequential Generator => _generator;

    public Sequential Discriminator => _discriminator;

    /// <summary>Generates points from noise.</summary>
    public override Tensor forward(Tensor noise) => _generator.call(noise);

    private static double Decay(int epoch, double learningRate) => epoch < 40 ? learningRate : learningRate * 0.95;

    [TrainingStep]
    private GanLosses Step(Tensor real, optim.Optimizer generator, optim.Optimizer discriminator)
    {
        var fake = forward(randn(real.shape[0], NoiseSize));

        discriminator.zero_grad();
        var realScore = _discriminator.call(real);
        var fakeScore = _discriminator.call(fake.detach());
        var discriminatorLoss = nn.functional.binary_cross_entropy_with_logits(realScore, ones_like(realScore))
                                + nn.functional.binary_cross_entropy_with_logits(fakeScore, zeros_like(fakeScore));
        discriminatorLoss.backward();
        discriminator.step();

        generator.zero_grad();
        var score = _discriminator.call(fake);
        var generatorLoss = nn.functional.binary_cross_entropy_with_logits(score, ones_like(score));
        generatorLoss.backward();
        generator.step();
        return new GanLosses(generatorLoss, discriminatorLoss);
    }

    [Metric(Name = "d_loss", Direction = MetricDirection.Minimize)]
    private static Tensor DiscriminatorLoss(GanLosses losses) => losses.Discriminator;
}
