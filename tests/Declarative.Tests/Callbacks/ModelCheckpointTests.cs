using Declarative.Callbacks;
using Declarative.Tests.Models;
using Declarative.Tests.Support;

namespace Declarative.Tests.Callbacks;

/// <summary>ModelCheckpoint's save decisions, batch counting and files (keras-callbacks.md §2.2).</summary>
public sealed class ModelCheckpointTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("declarative-checkpoints-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private ModelCheckpoint<SequenceModelLogs> Create(string fileName, Action<ModelCheckpointAttribute>? configure = null)
    {
        var settings = new ModelCheckpointAttribute(Path.Combine(_folder, fileName));
        configure?.Invoke(settings);
        return new(settings, SequenceModelLogs.Monitors.Value);
    }

    public static TheoryData<string, double[], MetricDirection, double?, bool[]> BestOnly => new()
    {
        { "saves on each improvement; ties do not save", [1.0, 0.8, 0.8, 0.9, 0.7], MetricDirection.Minimize, null, [true, true, false, false, true] },
        { "max mode", [0.5, 0.6, 0.55, 0.7], MetricDirection.Maximize, null, [true, true, false, true] },
        { "the initial value threshold is the first best", [0.9, 0.8, 0.85], MetricDirection.Minimize, 0.85, [false, true, false] },
        { "a leading NaN is not saved (Keras saves it and then nothing else)", [double.NaN, 1.0, 0.9], MetricDirection.Minimize, null, [false, true, true] },
        { "NaN never saves", [1.0, double.NaN, 0.9], MetricDirection.Minimize, null, [true, false, true] },
    };

    [Theory]
    [MemberData(nameof(BestOnly))]
    public void Saves_only_improvements_with_save_best_only(string because, double[] values, MetricDirection direction, double? threshold, bool[] expected)
    {
        using var session = Sessions.Create();
        var checkpoint = Create("m-{epoch}.bin", s =>
        {
            s.SaveBestOnly = true;
            s.Mode = Sessions.Mode(direction);
            s.InitialValueThreshold = threshold ?? double.NaN;
        });
        checkpoint.OnTrainBegin(session);
        for (var epoch = 0; epoch < values.Length; epoch++) checkpoint.OnEpochEnd(epoch, Sessions.Logs(epoch, values[epoch]));

        var saved = Enumerable.Range(1, values.Length).Select(epoch => File.Exists(Path.Combine(_folder, $"m-{epoch}.bin"))).ToArray();
        Assert.True(expected.SequenceEqual(saved), because);
    }

    [Fact]
    public void Saves_every_time_without_save_best_only()
    {
        var checkpoint = Create("m.bin");
        Assert.All(new[] { 1.0, 2.0, double.NaN }, value => Assert.True(checkpoint.ShouldSave(0, value)));
    }

    [Fact]
    public void Batch_saves_count_batches_across_epoch_boundaries()
    {
        using var session = Sessions.Create();
        var checkpoint = Create("e{epoch}-b{batch}.bin", s => s.SaveFrequency = 3);
        checkpoint.OnTrainBegin(session);
        for (var epoch = 0; epoch < 2; epoch++)
        {
            for (var batch = 0; batch < 4; batch++) checkpoint.OnTrainBatchEnd(batch);
            checkpoint.OnEpochEnd(epoch, Sessions.Logs(epoch, 1.0));
            session.Epoch++;
        }

        Assert.Equal(["e1-b3.bin", "e2-b2.bin"], Directory.GetFiles(_folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Epoch_mode_never_saves_at_batch_ends()
    {
        using var session = Sessions.Create();
        var checkpoint = Create("m-{epoch}.bin");
        checkpoint.OnTrainBegin(session);
        for (var batch = 0; batch < 10; batch++) checkpoint.OnTrainBatchEnd(batch);
        Assert.Empty(Directory.GetFiles(_folder));
        checkpoint.OnEpochEnd(0, Sessions.Logs(0, 1.0));
        Assert.Equal(Path.Combine(_folder, "m-1.bin"), checkpoint.LastSavedPath);
    }

    [Fact]
    public void The_best_value_is_reset_at_train_begin_unlike_keras()
    {
        using var session = Sessions.Create();
        var checkpoint = Create("m.bin", s => { s.SaveBestOnly = true; s.Mode = MonitorMode.Min; });
        checkpoint.OnTrainBegin(session);
        Assert.True(checkpoint.ShouldSave(0, 0.1));
        checkpoint.OnTrainBegin(session);
        Assert.Null(checkpoint.Best);
        Assert.True(checkpoint.ShouldSave(0, 0.5));
    }

    [Fact]
    public void Verbose_messages_follow_keras()
    {
        var output = new StringWriter();
        using var session = Sessions.Create(output);
        var checkpoint = Create("a.bin", s => { s.SaveBestOnly = true; s.Mode = MonitorMode.Min; s.Verbose = true; });
        checkpoint.OnTrainBegin(session);
        checkpoint.OnEpochEnd(0, Sessions.Logs(0, 0.5));
        checkpoint.OnEpochEnd(1, Sessions.Logs(1, 0.6));
        var path = Path.Combine(_folder, "a.bin");
        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
            [
                $"Epoch 1: value improved from None to 0.50000, saving model to {path}",
                $"Epoch 1: finished saving model to {path}",
                "Epoch 2: value did not improve from 0.50000",
            ],
            lines);
        Assert.Equal(path, checkpoint.LastSavedPath);
    }

    [Fact]
    public void Invalid_settings_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => Create("m.bin", s => s.SaveBestOnly = true));
        Assert.Throws<ArgumentOutOfRangeException>(() => Create("m.bin", s => s.SaveFrequency = -1));
        var unknown = Assert.Throws<ArgumentException>(() => Create("m-{val_acc}.bin"));
        Assert.Contains("'{val_acc}', which is not available at epoch ends", unknown.Message);
        Assert.Throws<ArgumentException>(() => Create("m-{val_value}.bin", s => s.SaveFrequency = 5));
    }

    [Fact]
    public void Leftovers_of_interrupted_saves_are_deleted_at_train_begin()
    {
        var leftover = Path.Combine(_folder, $".net-07-0.6318.bin.{Guid.NewGuid():N}.tmp");
        var kept = new[] { "net-06-0.7000.bin", ".hidden", "notes.tmp", ".net.bin.not-a-guid.tmp" }.Select(name => Path.Combine(_folder, name)).ToArray();
        foreach (var file in kept.Append(leftover)) File.WriteAllBytes(file, [1, 2, 3]);
        using var session = Sessions.Create();

        Create("net-{epoch:02d}-{val_loss:.4f}.bin").OnTrainBegin(session);

        Assert.False(File.Exists(leftover));
        Assert.All(kept, file => Assert.True(File.Exists(file), file));
    }
}
