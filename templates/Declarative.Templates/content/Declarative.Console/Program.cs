// Trains DeclarativeApp on data made here, with the callbacks declared on the class, then evaluates it and draws its
// history. Everything it writes goes under runs/DeclarativeApp.
//
//   dotnet run

using static TorchSharp.torch;

namespace DeclarativeApp;

internal static class Program
{
    private const string RunFolder = "runs/DeclarativeApp";

    private static void Main()
    {
        // Files of an earlier run would be mistaken for this one's (SaveBestOnly compares with the best checkpoint).
        if (Directory.Exists(RunFolder)) Directory.Delete(RunFolder, recursive: true);

        manual_seed(1);
        var generator = new Generator(1);
        var (inputs, targets) = Rings.Make(1000, classes: 3, noiseDimensions: 6, labelNoise: 0.1, generator);
        var (validationInputs, validationTargets) = Rings.Make(500, classes: 3, noiseDimensions: 6, labelNoise: 0.1, generator);

        var model = new DeclarativeApp(inputs: 8, classes: 3);
        var history = model.Fit(
            inputs, targets, batchSize: 32, epochs: 30,
            optim.Adam(model.parameters(), 0.01), nn.CrossEntropyLoss(),
            validation: (validationInputs, validationTargets));

        // history[i] is epoch i's logs: one typed member per metric (Loss, Accuracy, ValLoss, ValAccuracy, LearningRate).
        var bestEpoch = model.Callbacks.EarlyStopping.BestEpoch;
        Console.WriteLine();
        Console.WriteLine($"Trained {history.Count} epochs ({history.End.Reason}); the model holds epoch {bestEpoch + 1}'s weights, the best val_loss.");

        // Evaluate runs the model as it is now (the restored best weights) over data, with the model's metrics.
        var evaluation = model.Evaluate(validationInputs, validationTargets, nn.CrossEntropyLoss(), batchSize: 256);
        Console.WriteLine($"Validation: loss {evaluation.Loss:F4}, accuracy {evaluation.Accuracy:P1} (a tenth of its labels are wrong).");

        var plot = Path.Combine(RunFolder, "history.png");
        history.SavePlot(plot, bestEpoch: bestEpoch);
        Console.WriteLine($"History plot: {Path.GetFullPath(plot)}");
        Console.WriteLine($"History CSV:  {Path.GetFullPath(Path.Combine(RunFolder, "history.csv"))}");
        Console.WriteLine($"Checkpoints:  {Path.GetFullPath(Path.Combine(RunFolder, "checkpoints"))}");
    }
}
