namespace Declarative.Tests.Support;

/// <summary>Everything a run leaves in its folder that a resumed run must reproduce exactly.</summary>
internal static class RunArtifacts
{
    /// <summary>Checkpoint files (name and bytes), the CSV text, and the TensorBoard scalars (tag, step, value).</summary>
    public static (Dictionary<string, byte[]> Checkpoints, string Csv, List<(string Tag, long Step, float Value)> Scalars) Read(string folder)
    {
        var checkpoints = Directory.GetFiles(Path.Combine(folder, "checkpoints")).ToDictionary(file => Path.GetFileName(file), File.ReadAllBytes);
        var scalars = new[] { "train", "validation" }
            .SelectMany(part => EventFiles.Scalars(Path.Combine(folder, "tensorboard", part)).Select(s => (part + "/" + s.Tag, s.Step, s.Value)))
            .Order()
            .ToList();
        return (checkpoints, File.ReadAllText(Path.Combine(folder, "history.csv")), scalars);
    }

    public static void AssertSame(string expectedFolder, string actualFolder)
    {
        var expected = Read(expectedFolder);
        var actual = Read(actualFolder);
        Assert.Equal(expected.Checkpoints.Keys.Order(), actual.Checkpoints.Keys.Order());
        foreach (var (name, bytes) in expected.Checkpoints) Assert.True(bytes.AsSpan().SequenceEqual(actual.Checkpoints[name]), $"checkpoint {name} differs");
        Assert.Equal(expected.Csv, actual.Csv);
        Assert.Equal(expected.Scalars, actual.Scalars);
    }
}
