// A two-input model with a training step of its own (a loss weighted per sample) and gradient clipping, trained by
// Fit on batches of its own record type, with early stopping and a CSV log under runs/two-inputs.
//
//   dotnet run --project samples/TwoInputs

using Declarative;
using TwoInputs;
using static TorchSharp.torch;

manual_seed(7);
var generator = new Generator(7);
var (train, validation) = Readings.Make(trainBatches: 40, validationBatches: 10, batchSize: 32, generator);

var model = new SensorNet();
var history = model.Fit(train, epochs: 40, optim.Adam(model.parameters(), 0.01), validation: validation);

var best = history.Single(logs => logs.Epoch == model.Callbacks.EarlyStopping.BestEpoch);
Console.WriteLine();
Console.WriteLine(history.End.Reason == TrainingEndReason.Stopped
    ? $"Stopped after epoch {history.End.LastEpoch + 1}; the model holds epoch {best.Epoch + 1}'s weights."
    : "Trained all 40 epochs.");
Console.WriteLine($"Best epoch: val_loss {best.ValLoss:F4}, val_accuracy {best.ValAccuracy:P1} (a fifth of the validation labels are wrong too).");
Console.WriteLine($"Gradient norm before clipping to 0.5: {history[0].GradNorm:F2} in the first epoch, {history[^1].GradNorm:F2} in the last.");
Console.WriteLine($"History as CSV: {Path.GetFullPath("runs/two-inputs/history.csv")}");
