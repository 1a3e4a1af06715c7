using System.Reflection;

namespace Declarative.IntegrationTests.Support;

/// <summary>
/// The Declarative package and its template package (`dotnet new declarative`), packed once per test class from this
/// repository into a local feed by one `dotnet pack`, as a release would be. Their version carries a unique suffix, so
/// that no package cached by an earlier run can stand in for them.
/// </summary>
public sealed class PackedPackage : IDisposable
{
    public static readonly string RepositoryRoot = Metadata("RepositoryRoot");

    /// <summary>The global packages folder this repository's restore filled (TorchSharp and the rest are there).</summary>
    public static readonly string MachinePackages = Metadata("NuGetPackageRoot");

    public PackedPackage()
    {
        Folder = Directory.CreateTempSubdirectory("declarative-package-").FullName;
        VersionSuffix = "test" + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", System.Globalization.CultureInfo.InvariantCulture);
        Feed = Pack("feed");
        Path = Library(Feed);
        Version = System.IO.Path.GetFileNameWithoutExtension(Path)["Declarative.".Length..];
        TemplatesPath = System.IO.Path.Combine(Feed, $"Declarative.Templates.{Version}.nupkg");
    }

    public string Folder { get; }

    public string VersionSuffix { get; }

    /// <summary>The folder holding the .nupkg and its .snupkg.</summary>
    public string Feed { get; }

    /// <summary>The library's .nupkg.</summary>
    public string Path { get; }

    /// <summary>The template package's .nupkg, of the same version.</summary>
    public string TemplatesPath { get; }

    public string Version { get; }

    /// <summary>A global packages folder for the projects that install it, so that the machine's stays untouched.</summary>
    public string PackagesFolder => System.IO.Path.Combine(Folder, "packages");

    /// <summary>
    /// Packs the sources into another folder, as a release build does, and returns that folder. Each pack builds from
    /// scratch in a build folder of its own, outside the repository, so that it neither reuses nor disturbs the
    /// repository's own bin and obj folders.
    /// </summary>
    public string Pack(string folder)
    {
        var output = System.IO.Path.Combine(Folder, folder);
        var build = System.IO.Path.Combine(Folder, "build");
        if (Directory.Exists(build)) Directory.Delete(build, recursive: true);
        var (exitCode, log) = Dotnet.Run(
            RepositoryRoot, "pack", "src/Declarative/Declarative.csproj", "-c", "Release", "-o", output, "--artifacts-path", build, "-nologo",
            $"-p:VersionSuffix={VersionSuffix}", "-p:ContinuousIntegrationBuild=true");
        if (exitCode != 0) throw new InvalidOperationException("dotnet pack failed:\n" + log);
        return output;
    }

    /// <summary>The library's .nupkg in a folder that <see cref="Pack"/> filled (beside it: its .snupkg and the templates).</summary>
    public static string Library(string folder) =>
        Directory.GetFiles(folder, "Declarative.*.nupkg").Single(f => !System.IO.Path.GetFileName(f).StartsWith("Declarative.Templates.", StringComparison.Ordinal));

    public void Dispose() => Directory.Delete(Folder, recursive: true);

    private static string Metadata(string key) =>
        typeof(PackedPackage).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
