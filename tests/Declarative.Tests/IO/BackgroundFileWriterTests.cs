using System.Collections.Concurrent;
using Declarative.IO;

namespace Declarative.Tests.IO;

/// <summary>The background writer of a run's files: order, completeness at Flush, and failures that are surfaced, not swallowed.</summary>
public sealed class BackgroundFileWriterTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("declarative-writer-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string PathOf(string name) => Path.Combine(_folder, name);

    [Fact]
    public void Writes_and_deletions_happen_in_the_order_asked_and_are_complete_at_flush()
    {
        var order = new ConcurrentQueue<string>();
        using var writer = new BackgroundFileWriter();
        writer.Write(PathOf("a.bin"), stream => { order.Enqueue("a"); stream.WriteByte(1); });
        writer.Write(PathOf("b.bin"), stream => { order.Enqueue("b"); stream.WriteByte(2); }, beforeReplace: () => order.Enqueue("b complete"));
        writer.Delete(PathOf("a.bin"));
        writer.Write(PathOf("a.bin"), stream => { order.Enqueue("a again"); stream.WriteByte(3); });
        // What a write holds is captured when it is asked for (the loop's variable would be read later).
        foreach (var value in Enumerable.Range(0, 20).Select(i => (byte)i)) writer.Write(PathOf($"n{value}.bin"), stream => stream.WriteByte(value));

        writer.Flush();

        Assert.Equal(["a", "b", "b complete", "a again"], order);
        Assert.Equal([3], File.ReadAllBytes(PathOf("a.bin")));
        Assert.Equal([2], File.ReadAllBytes(PathOf("b.bin")));
        Assert.Equal([19], File.ReadAllBytes(PathOf("n19.bin")));
        Assert.Empty(Directory.GetFiles(_folder, "*.tmp"));
    }

    // The first write waits until the others are queued, so the failing one is certainly followed by queued work.
    [Fact]
    public void A_failure_drops_what_was_queued_after_it_and_is_thrown_at_the_next_call()
    {
        File.WriteAllText(PathOf("displaced.bin"), "the old best");
        Directory.CreateDirectory(PathOf("folder"));
        using var gate = new ManualResetEventSlim();
        using var writer = new BackgroundFileWriter();
        writer.Write(PathOf("first.bin"), _ => gate.Wait());
        writer.Write(PathOf("folder"), stream => stream.WriteByte(1));
        writer.Write(PathOf("manifest.json"), stream => stream.WriteByte(2));
        writer.Delete(PathOf("displaced.bin"));
        gate.Set();

        var failure = Assert.Throws<IOException>(writer.Flush);

        Assert.Contains("folder", failure.Message);
        Assert.True(File.Exists(PathOf("first.bin")));
        Assert.False(File.Exists(PathOf("manifest.json")));
        Assert.Equal("the old best", File.ReadAllText(PathOf("displaced.bin")));
        Assert.Throws<IOException>(() => writer.Write(PathOf("later.bin"), stream => stream.WriteByte(3)));
        Assert.Throws<IOException>(() => writer.Delete(PathOf("first.bin")));
        Assert.True(File.Exists(PathOf("first.bin")));
    }

    [Fact]
    public void Disposing_writes_what_is_queued()
    {
        var writer = new BackgroundFileWriter(capacity: 1);
        foreach (var value in Enumerable.Range(0, 5).Select(i => (byte)i)) writer.Write(PathOf($"f{value}.bin"), stream => stream.WriteByte(value));
        writer.Dispose();
        Assert.Equal(5, Directory.GetFiles(_folder, "f*.bin").Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => new BackgroundFileWriter(capacity: 0));
    }
}
