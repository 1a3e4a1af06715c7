using Declarative.IO;

namespace Declarative.Tests.IO;

/// <summary>Atomic writes with the longest names a file system allows: the temporary name must fit too.</summary>
public sealed class AtomicFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("declarative-atomic-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(200, 'a')]
    [InlineData(251, 'a')]  // 255 bytes with ".bin"
    [InlineData(125, 'é')]  // 250 bytes in UTF-8, then ".bin"
    public void A_file_whose_name_is_as_long_as_the_file_system_allows_is_written_and_a_crashed_writes_leftover_removed(int length, char letter)
    {
        var path = Path.Combine(_folder, new string(letter, length) + ".bin");

        AtomicFile.Write(path, stream => stream.WriteByte(7));
        Assert.Equal([7], File.ReadAllBytes(path));

        // A write that dies while its temporary file exists: the file it was writing is what a crash leaves behind.
        string? temporary = null;
        Assert.Throws<IOException>(() => AtomicFile.Write(path, stream =>
        {
            temporary = Directory.GetFiles(_folder).Single(file => file != path);
            throw new IOException("interrupted");
        }));
        File.WriteAllBytes(temporary!, [1]);

        AtomicFile.DeleteLeftovers(path);

        Assert.False(File.Exists(temporary));
        Assert.Equal([path], Directory.GetFiles(_folder));
        Assert.Equal([7], File.ReadAllBytes(path));
    }
}
