using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Xml.Linq;
using Declarative.IntegrationTests.Support;

namespace Declarative.IntegrationTests;

/// <summary>
/// The package as users get it: packed from this repository into a local feed, then installed into a fresh console
/// project outside the repository that references only it (and TorchSharp's native package), built, and run.
/// </summary>
public sealed class PackageInstallTests(PackedPackage package) : IClassFixture<PackedPackage>, IDisposable
{
    private readonly string _project = Directory.CreateTempSubdirectory("declarative-user-").FullName;

    public void Dispose() => Directory.Delete(_project, recursive: true);

    [Fact]
    public void The_package_holds_the_runtime_the_analyzers_and_the_build_logic_with_its_metadata()
    {
        using (var zip = ZipFile.OpenRead(package.Path))
        {
            var entries = zip.Entries.Select(e => e.FullName).ToHashSet();
            Assert.Subset(entries, new HashSet<string>
            {
                "lib/net8.0/Declarative.dll",
                "lib/net8.0/Declarative.xml",
                "analyzers/dotnet/cs/Declarative.Generators.dll",
                "analyzers/dotnet/cs/Declarative.CodeFixes.dll",
                "buildTransitive/Declarative.props",
                "buildTransitive/Declarative.targets",
                "buildTransitive/LibTorchSharpLoaderFix.cs",
                "README.md",
            });
            // Roslyn is the compiler's own; an analyzer that ships it, or anything else, breaks other compilers.
            Assert.Equal(2, entries.Count(e => e.StartsWith("analyzers/", StringComparison.Ordinal)));

            var metadata = Nuspec(zip).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
            string Value(string name) => metadata.Elements().Single(e => e.Name.LocalName == name).Value;
            Assert.Equal("MIT", Value("license"));
            Assert.Equal("README.md", Value("readme"));
            var repository = metadata.Elements().Single(e => e.Name.LocalName == "repository");
            Assert.Equal("https://github.com/declarative-ml/declarative", repository.Attribute("url")?.Value);
            Assert.Matches("^[0-9a-f]{40}$", repository.Attribute("commit")?.Value ?? string.Empty);
            var dependencies = metadata.Descendants().Where(e => e.Name.LocalName == "dependency").Select(e => e.Attribute("id")!.Value).Order();
            Assert.Equal(["ScottPlot", "Spectre.Console", "TorchSharp"], dependencies);

            // The TorchSharp check (DCBT001) compares with the version Directory.Packages.props gives, stamped at pack.
            using var props = zip.GetEntry("buildTransitive/Declarative.props")!.Open();
            var stamped = XDocument.Load(props).Descendants().Single(e => e.Name.LocalName == "DeclarativeTorchSharpVersion").Value;
            Assert.Equal(RepositoryTorchSharpVersion(), stamped);
        }

        using (var symbols = ZipFile.OpenRead(System.IO.Path.ChangeExtension(package.Path, ".snupkg")))
        {
            Assert.Contains("lib/net8.0/Declarative.pdb", symbols.Entries.Select(e => e.FullName));
        }

        // Deterministic: the same sources, built again from scratch, pack to the same bytes.
        var again = package.Pack("again");
        Assert.Equal(File.ReadAllBytes(package.Path), File.ReadAllBytes(PackedPackage.Library(again)));
        Assert.Equal(File.ReadAllBytes(package.TemplatesPath), File.ReadAllBytes(System.IO.Path.Combine(again, System.IO.Path.GetFileName(package.TemplatesPath))));
    }

    [Fact]
    public void A_fresh_project_that_references_only_the_package_generates_checks_trains_and_stops_early()
    {
        WriteProject();

        var (built, buildLog) = Dotnet.Run(_project, "build", "-nologo", "-v:q");
        Assert.True(built == 0, buildLog);
        Assert.True(buildLog.Contains(" 0 Warning(s)", StringComparison.Ordinal), "a fresh project using the package should build without warnings:\n" + buildLog);
        var generated = Directory.GetFiles(_project, "User.Net.Callbacks.g.cs", SearchOption.AllDirectories);
        Assert.True(generated.Length == 1, "the generator's files should be under obj/ (EmitCompilerGeneratedFiles):\n" + buildLog);
        Assert.Contains("public struct CallbackDispatcher", File.ReadAllText(generated[0]));

        // Runs where TorchSharp 0.107 would not load without the package's build logic (Debian 12, Ubuntu 22.04).
        var (ran, runLog) = Dotnet.Run(_project, "run", "--no-build");
        Assert.True(ran == 0, runLog);
        var end = runLog.Split('\n').Single(l => l.StartsWith("END ", StringComparison.Ordinal)).Split(' ');
        Assert.Equal("Stopped", end[1]);
        Assert.InRange(int.Parse(end[2]), 2, Epochs - 1);
        Assert.NotEmpty(Directory.GetFiles(System.IO.Path.Combine(_project, "checkpoints")));

        File.WriteAllText(System.IO.Path.Combine(_project, "Mistake.cs"), """
            using Declarative;
            using static TorchSharp.torch;

            namespace User;

            [EarlyStopping(Monitor = "val_los")]
            public partial class Mistaken : nn.Module<Tensor, Tensor>
            {
                public Mistaken() : base(nameof(Mistaken)) { }
                public override Tensor forward(Tensor input) => input;
            }
            """);
        var (failed, mistakeLog) = Dotnet.Run(_project, "build", "-nologo", "-v:q");
        Assert.True(failed != 0, mistakeLog);
        Assert.Contains("Mistake.cs(6,26): error DCB0004", mistakeLog);
        Assert.Contains("'val_loss'", mistakeLog);
    }

    [Fact]
    public void A_project_that_resolves_another_TorchSharp_than_the_package_was_built_against_gets_DCBT001()
    {
        // Only TorchSharp 0.107.0 is served here, so the project keeps it and the package is made to say it was built
        // against another version (the property its pack stamps into buildTransitive/Declarative.props); the check
        // runs where every build runs it, after the SDK resolves the package references.
        WriteProject();

        var (exitCode, log) = Dotnet.Run(_project, "msbuild", "-restore", "-t:ResolveLockFileReferences", "-nologo", "-v:q",
            "-p:DeclarativeTorchSharpVersion=0.105.0");

        Assert.True(exitCode == 0, "a warning, not an error:\n" + log);
        Assert.Contains(
            $"warning DCBT001: This project uses TorchSharp {RepositoryTorchSharpVersion()}, but Declarative {package.Version} was built against TorchSharp 0.105.0.",
            log);
        Assert.Contains("Reference TorchSharp 0.105.0 (<PackageReference Include=\"TorchSharp\" Version=\"0.105.0\" />", log);
        Assert.Contains("MissingMethodException", log);
    }

    [Fact]
    public void The_template_creates_a_project_that_builds_without_warnings_trains_and_plots()
    {
        WriteNuGetConfig();
        var templates = System.IO.Path.Combine(_project, "template-home");

        var (installed, installLog) = Dotnet.Run(_project, "new", "install", package.TemplatesPath, "--debug:custom-hive", templates);
        Assert.True(installed == 0, installLog);
        var (created, createLog) = Dotnet.Run(_project, "new", "declarative", "-n", "MyModel", "--no-update-check", "--debug:custom-hive", templates);
        Assert.True(created == 0, createLog);

        // The name given renames the project, the model class and its namespace; the project references this pack.
        var app = System.IO.Path.Combine(_project, "MyModel");
        Assert.Contains($"<PackageReference Include=\"Declarative\" Version=\"{package.Version}\" />", File.ReadAllText(System.IO.Path.Combine(app, "MyModel.csproj")));
        var model = File.ReadAllText(System.IO.Path.Combine(app, "MyModel.cs"));
        Assert.Contains("namespace MyModel;", model);
        Assert.Contains("public partial class MyModel : nn.Module<Tensor, Tensor>", model);

        var (built, buildLog) = Dotnet.Run(app, "build", "-nologo", "-v:q");
        Assert.True(built == 0, buildLog);
        Assert.True(buildLog.Contains(" 0 Warning(s)", StringComparison.Ordinal), "the template's project should build without warnings:\n" + buildLog);

        var (ran, runLog) = Dotnet.Run(app, "run", "--no-build");
        Assert.True(ran == 0, runLog);
        var trained = runLog.Split('\n').Single(l => l.StartsWith("Trained ", StringComparison.Ordinal));
        var epochs = int.Parse(trained.Split(' ')[1]);
        var run = System.IO.Path.Combine(app, "runs", "MyModel");
        var csv = File.ReadAllLines(System.IO.Path.Combine(run, "history.csv"));
        Assert.Equal(epochs + 1, csv.Length);
        var validationAccuracy = Array.IndexOf(csv[0].Split(','), "val_accuracy");
        Assert.True(csv.Skip(1).Max(l => double.Parse(l.Split(',')[validationAccuracy], System.Globalization.CultureInfo.InvariantCulture)) > 0.7,
            "the model should learn the rings (3 classes, a tenth of the labels wrong):\n" + runLog);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(System.IO.Path.Combine(run, "history.png"))[..4]);
        Assert.NotEmpty(Directory.GetFiles(System.IO.Path.Combine(run, "checkpoints")));
    }

    private const int Epochs = 60;

    private static string RepositoryTorchSharpVersion() =>
        XDocument.Load(System.IO.Path.Combine(PackedPackage.RepositoryRoot, "Directory.Packages.props")).Descendants()
            .Single(e => e.Name.LocalName == "PackageVersion" && e.Attribute("Include")?.Value == "TorchSharp").Attribute("Version")!.Value;

    // Only Declarative comes from the local feed, extracted into a packages folder of the test's own (outside the
    // project, where the SDK's default globs would take its files for the project's); the rest is taken from the
    // packages this repository's restore already holds.
    private void WriteNuGetConfig() =>
        File.WriteAllText(System.IO.Path.Combine(_project, "NuGet.config"), $"""
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{package.PackagesFolder}" />
              </config>
              <packageSources>
                <add key="local" value="{package.Feed}" />
              </packageSources>
              <fallbackPackageFolders>
                <add key="machine" value="{PackedPackage.MachinePackages}" />
              </fallbackPackageFolders>
            </configuration>
            """);

    private void WriteProject()
    {
        var natives = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "libtorch-cpu-win-x64"
            : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? "libtorch-cpu-osx-arm64"
            : "libtorch-cpu-linux-x64";
        WriteNuGetConfig();
        File.WriteAllText(System.IO.Path.Combine(_project, "User.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Declarative" Version="{package.Version}" />
                <PackageReference Include="{natives}" Version="2.10.0" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(System.IO.Path.Combine(_project, "Net.cs"), """
            using Declarative;
            using TorchSharp.Modules;
            using static TorchSharp.torch;

            namespace User;

            [Accuracy]
            [EarlyStopping(Monitor = "val_loss", Patience = 2, RestoreBestWeights = true)]
            [ModelCheckpoint("checkpoints/net-{epoch:02d}-{val_loss:.3f}.bin", Monitor = "val_loss", SaveBestOnly = true)]
            public partial class Net : nn.Module<Tensor, Tensor>
            {
                private readonly Sequential _layers = nn.Sequential(nn.Linear(8, 128), nn.ReLU(), nn.Linear(128, 3));

                public Net() : base(nameof(Net)) => RegisterComponents();

                public override Tensor forward(Tensor input) => _layers.call(input);
            }
            """);
        File.WriteAllText(System.IO.Path.Combine(_project, "Program.cs"), $$"""
            using Declarative;
            using User;
            using static TorchSharp.torch;

            // Labels that are pure noise: the model memorises the training set while validation loss climbs, so early
            // stopping ends the run.
            manual_seed(1);
            var (inputs, targets) = (randn(256, 8), randint(0, 3, [256], ScalarType.Int64));
            var (validationInputs, validationTargets) = (randn(256, 8), randint(0, 3, [256], ScalarType.Int64));
            var model = new Net();
            var history = model.Fit(
                inputs, targets, batchSize: 32, epochs: {{Epochs}}, optim.Adam(model.parameters(), 0.01), nn.CrossEntropyLoss(),
                validation: (validationInputs, validationTargets), progress: ProgressMode.Lines);
            Console.WriteLine($"END {history.End.Reason} {history.Count} {model.Callbacks.EarlyStopping.BestEpoch}");
            """);
    }

    private static XDocument Nuspec(ZipArchive zip)
    {
        using var stream = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
        return XDocument.Load(stream);
    }
}
