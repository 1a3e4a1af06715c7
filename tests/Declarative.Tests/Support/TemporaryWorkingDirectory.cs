namespace Declarative.Tests.Support;

/// <summary>
/// Callbacks resolve relative file names against the current directory, as Keras does; tests that write files run in
/// this collection, which xunit runs alone, each in a fresh temporary working directory.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WorkingDirectoryCollection
{
    public const string Name = "Working directory";
}

public sealed class TemporaryWorkingDirectory : IDisposable
{
    private readonly string _previous;

    public TemporaryWorkingDirectory()
    {
        Path = Directory.CreateTempSubdirectory("declarative-test-").FullName;
        _previous = Environment.CurrentDirectory;
        Environment.CurrentDirectory = Path;
    }

    public string Path { get; }

    public string[] Files(string folder) =>
        Directory.Exists(System.IO.Path.Combine(Path, folder))
            ? Directory.GetFiles(System.IO.Path.Combine(Path, folder)).Select(f => System.IO.Path.GetFileName(f)).Order(StringComparer.Ordinal).ToArray()
            : [];

    public void Dispose()
    {
        Environment.CurrentDirectory = _previous;
        Directory.Delete(Path, recursive: true);
    }
}
