using Declarative.Tests.Models;
using Declarative.Tests.Support;
using static TorchSharp.torch;

namespace Declarative.Tests.Training;

/// <summary>
/// The files a run writes are checked and claimed before its first batch: a name no file system allows fails there,
/// naming the attribute (not as a bare PathTooLongException after an epoch), and a second run writing the same CSV,
/// TensorBoard folder or checkpoint folder is refused at once, naming who holds it, while the first goes on alone.
/// </summary>
[Collection(WorkingDirectoryCollection.Name)]
public sealed class RunFilesTests
{
    private static readonly (Tensor Inputs, Tensor Targets) Train = Data.Blobs(16, seed: 1);

    private static History<FileWritingModelLogs> Fit(FileWritingModel model, FileWritingModel.DeclaredCallbacks? callbacks = null) =>
        model.Fit(Train.Inputs, Train.Targets, batchSize: 8, epochs: 2, optim.SGD(model.parameters(), 0.1), nn.CrossEntropyLoss(), progress: ProgressMode.Silent, callbacks: callbacks);

    public static TheoryData<string, string> TooLong => new()
    {
        { "CsvLogger", new string('h', 300) + ".csv" },
        { "ModelCheckpoint", "checkpoints/" + string.Concat(Enumerable.Repeat("é", 132)) + "-{epoch}.bin" }, // 264 + 2 + 4 + 4 bytes
        { "TensorBoard", "runs/" + new string('t', 256) },
    };

    [Theory]
    [MemberData(nameof(TooLong))]
    public void A_name_longer_than_file_systems_allow_fails_before_the_first_batch_naming_the_attribute(string callback, string path)
    {
        using var folder = new TemporaryWorkingDirectory();
        var model = new FileWritingModel();
        var run = callback switch
        {
            "CsvLogger" => new FileWritingModel.DeclaredCallbacks { CsvLogger = new(new(path)) },
            "ModelCheckpoint" => new FileWritingModel.DeclaredCallbacks { ModelCheckpoint = new(new(path) { SaveWeightsOnly = true }) },
            _ => new FileWritingModel.DeclaredCallbacks { TensorBoard = new(new(path)) },
        };

        var error = Assert.Throws<TrainingConfigurationException>(() => Fit(model, run));

        Assert.StartsWith($"[{callback}(\"{path}\"", error.Message);
        Assert.Contains("cannot exist: the name '", error.Message);
        Assert.Contains("file systems allow 255", error.Message);
        Assert.Equal(0, model.Batches);
    }

    public static TheoryData<string> Shared => new() { "CsvLogger", "TensorBoard", "ModelCheckpoint" };

    // The second run writes its other files elsewhere: only the one shared path is in dispute.
    [Theory]
    [MemberData(nameof(Shared))]
    public async Task A_second_run_writing_the_same_file_or_folder_is_refused_and_the_first_completes(string shared)
    {
        using var folder = new TemporaryWorkingDirectory();
        var first = new FileWritingModel();
        first.Release.Reset();
        var running = Task.Run(() => Fit(first));
        first.Holding.Wait();
        var second = new FileWritingModel();
        var run = new FileWritingModel.DeclaredCallbacks
        {
            CsvLogger = shared == "CsvLogger" ? new(new("history.csv")) : new(new("second.csv")),
            TensorBoard = shared == "TensorBoard" ? new(new("tensorboard")) : new(new("second-tensorboard")),
            ModelCheckpoint = shared == "ModelCheckpoint" ? new(new("checkpoints/{epoch}.bin") { SaveWeightsOnly = true }) : new(new("second-checkpoints/{epoch}.bin") { SaveWeightsOnly = true }),
        };

        var error = Assert.Throws<TrainingConfigurationException>(() => Fit(second, run));
        first.Release.Set();
        var history = await running;

        var path = Path.Combine(folder.Path, shared switch { "CsvLogger" => "history.csv", "TensorBoard" => "tensorboard", _ => "checkpoints" });
        Assert.StartsWith($"[{shared}(", error.Message);
        Assert.Contains($"another process (process {Environment.ProcessId} on {Environment.MachineName}, started ", error.Message);
        Assert.Contains($"is writing {path}.", error.Message);
        Assert.Equal(0, second.Batches);
        Assert.Equal(TrainingEndReason.Completed, history.End.Reason);
        Assert.Equal(3, File.ReadAllLines("history.csv").Length);

        // Released with the first run's end.
        Assert.Equal(TrainingEndReason.Completed, Fit(new FileWritingModel()).End.Reason);
    }
}
