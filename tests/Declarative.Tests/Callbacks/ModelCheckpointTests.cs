using Declarative.Callbacks;

namespace Declarative.Tests.Callbacks;

/// <summary>ModelCheckpoint's save decisions and batch counting (keras-callbacks.md §2.2).</summary>
public class ModelCheckpointTests
{
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
        var checkpoint = new ModelCheckpoint("val_loss", direction, saveBestOnly: true, initialValueThreshold: threshold);
        checkpoint.OnTrainBegin();
        var saves = values.Select((value, epoch) => checkpoint.ShouldSave(epoch, value)).ToArray();
        Assert.True(expected.SequenceEqual(saves), because);
    }

    [Fact]
    public void Saves_every_time_without_save_best_only()
    {
        var checkpoint = new ModelCheckpoint();
        checkpoint.OnTrainBegin();
        Assert.All(new[] { 1.0, 2.0, double.NaN }, value => Assert.True(checkpoint.ShouldSave(0, value)));
    }

    [Fact]
    public void Batch_saves_count_batches_across_epoch_boundaries()
    {
        var checkpoint = new ModelCheckpoint(saveFrequency: 3);
        checkpoint.OnTrainBegin();
        var due = new List<(int Epoch, int Batch)>();
        for (var epoch = 0; epoch < 2; epoch++)
        {
            for (var batch = 0; batch < 4; batch++)
            {
                if (checkpoint.OnTrainBatchEnd()) due.Add((epoch, batch));
            }
        }

        Assert.Equal([(0, 2), (1, 1)], due);
    }

    [Fact]
    public void Epoch_mode_never_asks_for_batch_saves()
    {
        var checkpoint = new ModelCheckpoint();
        checkpoint.OnTrainBegin();
        Assert.DoesNotContain(true, Enumerable.Range(0, 10).Select(_ => checkpoint.OnTrainBatchEnd()));
    }

    [Fact]
    public void The_best_value_is_reset_at_train_begin_unlike_keras()
    {
        var checkpoint = new ModelCheckpoint("val_loss", MetricDirection.Minimize, saveBestOnly: true);
        checkpoint.OnTrainBegin();
        Assert.True(checkpoint.ShouldSave(0, 0.1));
        checkpoint.OnTrainBegin();
        Assert.Null(checkpoint.Best);
        Assert.True(checkpoint.ShouldSave(0, 0.5));
    }

    [Fact]
    public void Verbose_messages_follow_keras()
    {
        var output = new StringWriter();
        var checkpoint = new ModelCheckpoint("val_loss", MetricDirection.Minimize, saveBestOnly: true, verbose: true);
        checkpoint.OnTrainBegin(output);
        Assert.True(checkpoint.ShouldSave(0, 0.5));
        checkpoint.OnSaving(0, "a.bin");
        checkpoint.OnSaved(0, "a.bin");
        Assert.False(checkpoint.ShouldSave(1, 0.6));
        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
            [
                "Epoch 1: val_loss improved from None to 0.50000, saving model to a.bin",
                "Epoch 1: finished saving model to a.bin",
                "Epoch 2: val_loss did not improve from 0.50000",
            ],
            lines);
        Assert.Equal("a.bin", checkpoint.LastSavedPath);
    }

    [Fact]
    public void Save_best_only_needs_a_direction()
    {
        Assert.Throws<ArgumentException>(() => new ModelCheckpoint(saveBestOnly: true));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ModelCheckpoint(saveFrequency: -1));
    }
}

/// <summary>Temporary files left by saves a crash interrupted are removed when the next run begins; nothing else is.</summary>
public sealed class ModelCheckpointLeftoverTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("declarative-leftovers-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Leftovers_of_interrupted_saves_are_deleted_at_train_begin()
    {
        var leftover = Path.Combine(_folder, $".net-07-0.6318.bin.{Guid.NewGuid():N}.tmp");
        var kept = new[] { "net-06-0.7000.bin", ".hidden", "notes.tmp", ".net.bin.not-a-guid.tmp" }.Select(name => Path.Combine(_folder, name)).ToArray();
        foreach (var file in kept.Append(leftover)) File.WriteAllBytes(file, [1, 2, 3]);

        new ModelCheckpoint(filePath: Path.Combine(_folder, "net-{epoch:02d}-{val_loss:.4f}.bin")).OnTrainBegin();

        Assert.False(File.Exists(leftover));
        Assert.All(kept, file => Assert.True(File.Exists(file), file));
    }
}
