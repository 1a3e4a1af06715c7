using Declarative.Callbacks;
using Declarative.Tests.Models;
using Declarative.Tests.Support;

namespace Declarative.Tests.Callbacks;

/// <summary>TensorBoard in a folder that another run wrote to: never deletes its files, and says what the user will see.</summary>
public sealed class TensorBoardTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("declarative-tensorboard-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private (TensorBoard<SequenceModelLogs> Callback, StringWriter Output) Start()
    {
        var output = new StringWriter();
        var callback = new TensorBoard<SequenceModelLogs>(new TensorBoardAttribute(_folder));
        callback.OnTrainBegin(Sessions.Create(output));
        return (callback, output);
    }

    private string[] Files() => Directory.GetFiles(_folder, "*", SearchOption.AllDirectories).Order().ToArray();

    [Fact]
    public void A_fresh_run_into_a_folder_with_another_runs_events_keeps_them_and_says_so_once()
    {
        var (first, firstOutput) = Start();
        first.OnEpochEnd(0, Sessions.Logs(0, 1.0));
        var earlier = Files();

        var (second, output) = Start();
        second.OnEpochEnd(0, Sessions.Logs(0, 0.5));
        second.OnEpochEnd(1, Sessions.Logs(1, 0.25));

        Assert.Equal(string.Empty, firstOutput.ToString());
        Assert.Single(output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"{_folder} already holds 2 event file(s) of an earlier run", output.ToString());
        Assert.Contains("Give each run its own LogDirectory", output.ToString());
        Assert.All(earlier, file => Assert.True(File.Exists(file), $"{file} was deleted"));
    }

    [Fact]
    public void A_resumed_run_does_not_warn_about_the_events_of_the_run_it_continues()
    {
        var (first, _) = Start();
        first.OnEpochEnd(0, Sessions.Logs(0, 1.0));
        var state = new MemoryStream();
        first.SaveState(new BinaryWriter(state));

        var (resumed, output) = Start();
        state.Position = 0;
        resumed.LoadState(new BinaryReader(state));
        resumed.OnEpochEnd(1, Sessions.Logs(1, 0.5));

        Assert.Equal(string.Empty, output.ToString());
        Assert.Equal([(0L, 1f), (1L, 0.5f)], EventFiles.Scalars(Path.Combine(_folder, "train")).Where(s => s.Tag == "epoch_loss").Select(s => (s.Step, s.Value)));
    }
}
