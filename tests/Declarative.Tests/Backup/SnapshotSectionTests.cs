using System.Collections.Concurrent;
using Declarative.IO;
using Declarative.State;
using static TorchSharp.torch;

namespace Declarative.Tests.Backup;

/// <summary>What a snapshot's sections hold: what was written when the snapshot was taken, however and whenever it is read.</summary>
public sealed class SnapshotSectionTests
{
    private static readonly string[] Configuration = ["[Accuracy]"];

    [Fact]
    public void Sections_sized_from_the_previous_snapshot_hold_exactly_what_was_written_when_they_keep_grow_or_shrink()
    {
        var sizes = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        RunSnapshot Take(int same, int changing) => RunSnapshot.Create(new BackupManifest(1, 0, Configuration), writer =>
        {
            writer.Write("same", w => w.Write(Enumerable.Repeat((byte)same, 100).ToArray()));
            writer.Write("changing", w => w.Write(Enumerable.Repeat((byte)7, changing).ToArray()));
        }, sizes);

        foreach (var (same, changing) in new[] { (1, 50), (2, 50), (3, 80), (4, 10), (5, 0) })
        {
            var snapshot = Take(same, changing);
            Assert.Equal(Enumerable.Repeat((byte)same, 100), snapshot.Bytes("same").ToArray());
            Assert.Equal(Enumerable.Repeat((byte)7, changing), snapshot.Bytes("changing").ToArray());
        }
    }

    [Fact]
    public async Task A_model_copied_when_captured_serializes_to_what_Module_save_wrote_then_whatever_training_did_since()
    {
        manual_seed(3);
        using var model = nn.Sequential(("linear", nn.Linear(4, 3)), ("norm", nn.BatchNorm1d(3)));
        using var pool = new TensorCopyPool();
        foreach (var round in Enumerable.Range(0, 3)) // the second and third reuse the first's copies
        {
            using (no_grad()) model.forward(randn(5, 4));
            var before = Saved(model);

            var section = SnapshotSection.OfTensorCopies("model", model.state_dict(), pool, sizes: null);
            using (no_grad())
            {
                foreach (var parameter in model.parameters()) parameter.add_(1);
            }

            Assert.NotEqual(before, Saved(model));
            var bytes = await Task.Run(() => section.Bytes); // as the background writer reads it, on its own thread
            Assert.Equal(before, bytes);
            Assert.Same(bytes, section.Bytes);
        }
    }

    [Fact]
    public void A_pool_reuses_a_set_given_back_and_copies_afresh_a_model_whose_shapes_changed()
    {
        using var pool = new TensorCopyPool();
        using var small = nn.Linear(2, 2);
        using var large = nn.Linear(3, 2);

        var first = pool.Copy(small.state_dict());
        pool.Return(first);
        var again = pool.Copy(small.state_dict());
        Assert.Same(first["weight"], again["weight"]);
        Assert.Equal(small.weight!.data<float>().ToArray(), again["weight"].data<float>().ToArray());

        pool.Return(again);
        var other = pool.Copy(large.state_dict());
        Assert.Equal([2L, 3L], other["weight"].shape);
        Assert.True(first["weight"].IsInvalid); // the set that no longer fits was freed
        pool.Return(other);
    }

    private static byte[] Saved(nn.Module module)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream)) module.save(writer);
        return stream.ToArray();
    }
}
