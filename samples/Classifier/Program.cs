// Declarative's main sample: a classifier trained end to end with the callbacks declared on Mlp (EarlyStopping that
// restores the best weights, ModelCheckpoint that keeps each best model, a learning-rate schedule, CSV and TensorBoard
// logs, a user-defined gradient-norm logger). Everything it writes goes under runs/classifier, and History is drawn as
// a PNG there.
//
//   dotnet run --project samples/Classifier                      noisy spirals made here, which the model overfits
//   dotnet run --project samples/Classifier -- --mnist <folder>  MNIST from its four IDX files (.gz or not)
//   dotnet run --project samples/Classifier -- --epochs 50       another epoch bound (default 100)
//
// Ctrl+C (or a scheduler's SIGTERM) stops training at the next batch and leaves a backup; the same command then resumes
// exactly where it stopped.

using Classifier;
using Declarative;
using static TorchSharp.torch;

var mnistFolder = Option("--mnist");
var epochs = int.Parse(Option("--epochs") ?? "100");
const string RunFolder = "runs/classifier";

manual_seed(42);
var generator = new Generator(42);
var ((trainInputs, trainTargets), (validationInputs, validationTargets)) = mnistFolder is null
    ? (Spirals.Make(2000, classes: 3, noiseDimensions: 6, labelNoise: 0.1, generator), Spirals.Make(2000, classes: 3, noiseDimensions: 6, labelNoise: 0.1, generator))
    : Mnist.Load(mnistFolder);
var classes = (int)trainTargets.max().item<long>() + 1;
Console.WriteLine(mnistFolder is null
    ? "Data: 3 interleaved spirals in 2 of 8 input dimensions (the other 6 are noise), 10% of labels flipped; 2000 samples to train on, 2000 to validate."
    : $"Data: MNIST from {mnistFolder}; {trainInputs.shape[0]} images to train on, {validationInputs.shape[0]} to validate.");

// An interrupted run left its backup: resume it. Otherwise start afresh, since files left by an earlier, finished run
// would be mistaken for this one's.
var backup = Path.Combine(RunFolder, "backup");
if (Directory.Exists(backup)) Console.WriteLine($"Found the backup of an interrupted run in {backup}: resuming it.");
else if (Directory.Exists(RunFolder)) Directory.Delete(RunFolder, recursive: true);

var model = new Mlp(inputs: (int)trainInputs.shape[1], classes);
var history = model.Fit(
    trainInputs, trainTargets, batchSize: 32, epochs,
    optim.Adam(model.parameters(), 0.002), nn.CrossEntropyLoss(),
    validation: (validationInputs, validationTargets),
    signals: SignalHandling.StopAndReturn); // after a signal, Fit returns (the default exits with 130 or 143)

if (history.End.Signal is { } signal)
{
    Console.WriteLine();
    Console.WriteLine($"Interrupted by {signal} after {history.Count} complete epochs. The backup in {Path.GetFullPath(backup)} holds the whole state: run the same command again to resume exactly where training stopped.");
    return history.End.ExitCode!.Value;
}

var stopping = model.Callbacks.EarlyStopping;
var best = history.Single(logs => logs.Epoch == stopping.BestEpoch);
var last = history[^1];
Console.WriteLine();
Console.WriteLine(history.End.Reason switch
{
    TrainingEndReason.Stopped => $"Stopped after epoch {history.End.LastEpoch + 1} of {epochs}: val_loss had not improved for {Math.Max(stopping.Patience, 1)} epochs, by {history.End.StoppedBy}.",
    _ => $"Trained all {epochs} epochs.",
});
Console.WriteLine($"The model holds the weights of epoch {best.Epoch + 1}, the best one: val_loss {best.ValLoss:F4}, val_accuracy {best.ValAccuracy:F4} " +
                  $"(epoch {last.Epoch + 1}, the last, had val_loss {last.ValLoss:F4}).");
// Evaluate runs the validation pass again on the model as it is now (the restored weights); Predict gives its outputs.
var check = model.Evaluate(validationInputs, validationTargets, nn.CrossEntropyLoss(), batchSize: 256, progress: ProgressMode.Silent);
Console.WriteLine($"Checked: evaluated now, the model has loss {check.Loss:F4} and accuracy {check.Accuracy:F4} on the validation data.");
using (var predicted = model.Predict(validationInputs, batchSize: 256, progress: ProgressMode.Silent))
{
    var wrong = predicted.argmax(1).ne(validationTargets).sum().item<long>();
    Console.WriteLine($"Predicted the {validationInputs.shape[0]} validation samples: {wrong} misclassified.");
}

var plot = Path.Combine(RunFolder, "history.png");
history.SavePlot(plot, bestEpoch: stopping.BestEpoch); // marks the restored epoch and the one training stopped at
Console.WriteLine();
Console.WriteLine($"History as CSV:      {Path.GetFullPath(Path.Combine(RunFolder, "history.csv"))}");
Console.WriteLine($"History as a plot:   {Path.GetFullPath(plot)}");
Console.WriteLine($"TensorBoard logs:    {Path.GetFullPath(Path.Combine(RunFolder, "tensorboard"))}  (tensorboard --logdir {Path.Combine(RunFolder, "tensorboard")})");
var checkpoints = Path.Combine(RunFolder, "checkpoints");
Console.WriteLine($"Checkpoints, one each time val_loss improved, in {Path.GetFullPath(checkpoints)}:");
foreach (var file in Directory.GetFiles(checkpoints).Order(StringComparer.Ordinal)) Console.WriteLine("  " + Path.GetFileName(file));
return 0;

string? Option(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
