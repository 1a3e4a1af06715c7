using System.Text.Json;
using Declarative.IntegrationTests.Support;

namespace Declarative.IntegrationTests;

/// <summary>
/// A project that consumes Declarative the way users do (the runtime as a reference, the generator and code fixes as
/// analyzers) and contains one mistake per diagnostic: `dotnet build` reports each at its exact position, with its
/// help link, in the compiler's SARIF log.
/// </summary>
public sealed class DiagnosticsInUserBuildTests : IDisposable
{
    private const string Usings = """
        using Declarative;
        using Declarative.Training;
        using TorchSharp;
        using static TorchSharp.torch;

        """;

    private const string Members = "public M() : base(\"M\") { } public override Tensor forward(Tensor input) => input;";

    private static readonly string[] Mistakes =
    [
        $"[Accuracy] public class {{|DCB0001:M|}} : nn.Module<Tensor, Tensor> {{ {Members} }}",
        "[Accuracy] public partial class {|DCB0002:M|} { }",
        $"public partial class Outer<T> {{ [Accuracy] public partial class {{|DCB0003:M|}} : nn.Module<Tensor, Tensor> {{ {Members} }} }}",
        $"[EarlyStopping(Monitor = {{|DCB0004:\"val_los\"|}})] public partial class M : nn.Module<Tensor, Tensor> {{ {Members} }}",
        $"[Accuracy][EarlyStopping(Monitor = \"accuracy\", Mode = {{|DCB0005:MonitorMode.Min|}})] public partial class M : nn.Module<Tensor, Tensor> {{ {Members} }}",
        $"[EarlyStopping(Monitor = {{|DCB0006:\"learning_rate\"|}})] public partial class M : nn.Module<Tensor, Tensor> {{ {Members} }}",
        $"[ModelCheckpoint(\"m-{{|DCB0007:{{val_acc}}|}}.bin\")] public partial class M : nn.Module<Tensor, Tensor> {{ {Members} }}",
        $"[ModelCheckpoint(\"m-{{|DCB0008:{{val_loss:d}}|}}.bin\")] public partial class M : nn.Module<Tensor, Tensor> {{ {Members} }}",
        $"[ModelCheckpoint(\"m{{|DCB0009:*|}}.bin\")] public partial class M : nn.Module<Tensor, Tensor> {{ {Members} }}",
        $"[ModelCheckpoint(\"m-{{|DCB0010:{{batch}}|}}.bin\")] public partial class M : nn.Module<Tensor, Tensor> {{ {Members} }}",
        $"[LearningRateScheduler({{|DCB0011:\"Decay\"|}})] public partial class M : nn.Module<Tensor, Tensor> {{ {Members} }}",
        $"[LearningRateScheduler({{|DCB0012:nameof(Decay)|}})] public partial class M : nn.Module<Tensor, Tensor> {{ {Members} double Decay(int e) => 0.1; }}",
        $"[LearningRateScheduler({{|DCB0013:nameof(Decay)|}})] public partial class M : nn.Module<Tensor, Tensor> {{ {Members} static int Decay(int e) => 1; }}",
        $"[Accuracy] public partial class M : nn.Module<Tensor, Tensor> {{ {Members} [OnEpochEnd] void {{|DCB0014:Report|}}(string e) {{ }} }}",
        $"[EarlyStopping(Monitor = \"loss\", Patience = {{|DCB0015:-2|}})] public partial class M : nn.Module<Tensor, Tensor> {{ {Members} }}",
        $"[ModelCheckpoint(\"m.bin\", SaveBestOnly = {{|DCB0016:true|}})] public partial class M : nn.Module<Tensor, Tensor> {{ {Members} }}",
        $"[LearningRateScheduler(nameof(Decay))][{{|DCB0017:ReduceLROnPlateau(Monitor = \"loss\")|}}] public partial class M : nn.Module<Tensor, Tensor> {{ {Members} static double Decay(int e) => 0.1; }}",
        $"[EarlyStopping(Monitor = \"loss\", RestoreBestWeights = true)][EarlyStopping(Monitor = \"val_loss\", RestoreBestWeights = {{|DCB0018:true|}})] public partial class M : nn.Module<Tensor, Tensor> {{ {Members} }}",
        $"[TensorBoard(\"tb\")][TensorBoard({{|DCB0019:\"tb\"|}})] public partial class M : nn.Module<Tensor, Tensor> {{ {Members} }}",
        $"[EarlyStopping(Monitor = \"loss\", MinDelta = {{|DCB0020:-0.5|}})] public partial class M : nn.Module<Tensor, Tensor> {{ {Members} }}",
        $"[Accuracy] public partial class M : nn.Module<Tensor, Tensor> {{ {Members} [Metric] static Tensor {{|DCB0021:Score|}}(Tensor o) => o; }}",
        $"[Accuracy] public partial class M : nn.Module<Tensor, Tensor> {{ {Members} [Metric(Name = {{|DCB0022:\"accuracy\"|}})] static Tensor Score(Tensor o, Tensor t) => o; }}",
        $"[Callback({{|DCB0023:typeof(string)|}})] public partial class M : nn.Module<Tensor, Tensor> {{ {Members} }}",
    ];

    private readonly string _folder = Directory.CreateTempSubdirectory("declarative-user-build-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Every_diagnostic_fires_at_its_span_with_its_help_link()
    {
        var expected = new List<(string File, string Id, int Line, int Column)>();
        for (var i = 0; i < Mistakes.Length; i++)
        {
            var file = $"Mistake{i + 1:00}.cs";
            var (text, markers) = Markup.Parse(Usings + $"namespace N{i + 1:00};\n" + Mistakes[i] + "\n");
            File.WriteAllText(Path.Combine(_folder, file), text);
            expected.AddRange(markers.Select(m => (file, m.Id, m.Line, m.Column)));
        }

        var bin = AppContext.BaseDirectory;
        File.WriteAllText(Path.Combine(_folder, "User.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ErrorLog>diagnostics.sarif,version=2.1</ErrorLog>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="TorchSharp" Version="0.107.0" />
                <Reference Include="Declarative" HintPath="{bin}Declarative.dll" />
                <Analyzer Include="{bin}Declarative.Generators.dll" />
                <Analyzer Include="{bin}Declarative.CodeFixes.dll" />
              </ItemGroup>
            </Project>
            """);

        var (exitCode, output) = Dotnet.Run(_folder, "build", "-nologo", "-v:q");

        Assert.True(exitCode != 0, "the build should fail on the errors:\n" + output);
        var reported = ReadSarif(Path.Combine(_folder, "diagnostics.sarif"));
        foreach (var (file, id, line, column) in expected)
        {
            Assert.True(
                reported.Any(r => r.Id == id && r.File == file && r.Line == line && r.Column == column),
                $"{id} expected in {file} at {line}:{column}; reported: {string.Join("; ", reported.Where(r => r.File == file).Select(r => $"{r.Id} at {r.Line}:{r.Column}"))}\n{output}");
            Assert.Equal($"{PackageRepository()}/blob/main/docs/diagnostics/{id}.md", reported.First(r => r.Id == id).HelpUri);
        }

        Assert.Equal(expected.Select(e => e.Id).Order(), reported.Where(r => r.Id.StartsWith("DCB", StringComparison.Ordinal)).Select(r => r.Id).Order());
    }

    // Where the package says its repository is (RepositoryUrl, which the SDK stamps into its assemblies).
    private static string PackageRepository() =>
        System.Reflection.CustomAttributeExtensions.GetCustomAttributes<System.Reflection.AssemblyMetadataAttribute>(typeof(Declarative.IO.Checkpoint).Assembly).First(a => a.Key == "RepositoryUrl").Value!.TrimEnd('/');

    private static List<(string Id, string File, int Line, int Column, string? HelpUri)> ReadSarif(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var run = document.RootElement.GetProperty("runs")[0];
        var helpUris = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray()
            .ToDictionary(r => r.GetProperty("id").GetString()!, r => r.TryGetProperty("helpUri", out var uri) ? uri.GetString() : null);
        return run.GetProperty("results").EnumerateArray()
            .Where(r => r.TryGetProperty("locations", out _))
            .Select(r =>
            {
                var location = r.GetProperty("locations")[0].GetProperty("physicalLocation");
                var region = location.GetProperty("region");
                var id = r.GetProperty("ruleId").GetString()!;
                return (id, Path.GetFileName(new Uri(location.GetProperty("artifactLocation").GetProperty("uri").GetString()!).LocalPath),
                    region.GetProperty("startLine").GetInt32(), region.GetProperty("startColumn").GetInt32(), helpUris.GetValueOrDefault(id));
            })
            .ToList();
    }
}
