using System.Reflection;
using Declarative.Build;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using static TorchSharp.torch;

namespace Declarative.Tests.Build;

/// <summary>The buildTransitive fix that lets TorchSharp 0.107 load where libstdc++ predates GCC 13.</summary>
public class LoaderFixTests
{
    private static string PackageCopy => Path.Combine(
        typeof(LoaderFixTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "NuGetPackageRoot").Value!,
        "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");

    private static string OutputCopy => Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");

    [Fact]
    public void TorchSharp_loads_and_trains_in_the_test_host()
    {
        manual_seed(1);
        using var layer = nn.Linear(3, 1);
        using var optimizer = optim.Adam(layer.parameters(), 0.05);
        using var x = randn(64, 3);
        using var y = x.sum(1, keepdim: true);
        double first = 0, last = 0;
        for (var step = 0; step < 200; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var loss = nn.functional.mse_loss(layer.call(x), y);
            loss.backward();
            optimizer.step();
            if (step == 0) first = loss.item<float>();
            last = loss.item<float>();
        }

        Assert.True(last < first / 100, $"loss went from {first} to {last}");
    }

    [Fact]
    public void The_output_copy_is_weak_exactly_where_the_system_libstdcxx_lacks_the_version()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.False(File.Exists(OutputCopy));
            return;
        }

        var expectedWeak = !SystemProvidesPinOnlyVersion(OutputCopy);
        var need = PinOnlyNeed(File.ReadAllBytes(OutputCopy));
        Assert.Equal(expectedWeak, need.IsWeak);
    }

    [Fact]
    public void The_nuget_package_cache_is_never_modified()
    {
        Assert.False(PinOnlyNeed(File.ReadAllBytes(PackageCopy)).IsWeak);
    }

    [Fact]
    public void Marking_weak_changes_one_flag_and_nothing_else()
    {
        var original = File.ReadAllBytes(PackageCopy);
        var patched = (byte[])original.Clone();
        ElfVersions.MarkWeak(patched, PinOnlyNeed(patched));

        var changed = Enumerable.Range(0, original.Length).Where(i => original[i] != patched[i]).ToList();
        Assert.Single(changed);
        Assert.True(PinOnlyNeed(patched).IsWeak);
        var before = ElfVersions.ReadVersionNeeds(original).Where(n => n.Version != FixLibTorchSharpLoading.PinOnlyVersion);
        var after = ElfVersions.ReadVersionNeeds(patched).Where(n => n.Version != FixLibTorchSharpLoading.PinOnlyVersion);
        Assert.Equal(before.Select(n => (n.File, n.Version, n.Flags)), after.Select(n => (n.File, n.Version, n.Flags)));
    }

    [Fact]
    public void The_task_fixes_a_copy_where_needed_keeps_its_timestamp_and_is_idempotent()
    {
        var folder = Directory.CreateTempSubdirectory("declarative-loader-").FullName;
        try
        {
            var copy = Path.Combine(folder, "libLibTorchSharp.so");
            File.Copy(PackageCopy, copy);
            var timestamp = File.GetLastWriteTimeUtc(copy);
            var expectedWeak = !SystemProvidesPinOnlyVersion(copy);

            Assert.True(RunTask(copy));
            Assert.True(RunTask(copy));

            Assert.Equal(expectedWeak, PinOnlyNeed(File.ReadAllBytes(copy)).IsWeak);
            Assert.Equal(timestamp, File.GetLastWriteTimeUtc(copy));
            Assert.Single(Directory.GetFiles(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Non_elf_files_are_reported_as_such()
    {
        Assert.Throws<InvalidDataException>(() => ElfVersions.ReadVersionNeeds(new byte[128]));
    }

    private static ElfVersionNeed PinOnlyNeed(byte[] image) =>
        ElfVersions.ReadVersionNeeds(image).Single(n => n.File == FixLibTorchSharpLoading.LibStdCxx && n.Version == FixLibTorchSharpLoading.PinOnlyVersion);

    private static bool SystemProvidesPinOnlyVersion(string library)
    {
        var machine = ElfVersions.ReadMachine(File.ReadAllBytes(library));
        var system = ElfVersions.FindLibrary(FixLibTorchSharpLoading.LibStdCxx, machine, FixLibTorchSharpLoading.LoaderSearchDirectories(library));
        return system is not null && ElfVersions.ReadVersionDefinitions(File.ReadAllBytes(system)).Contains(FixLibTorchSharpLoading.PinOnlyVersion);
    }

    private static bool RunTask(string library)
    {
        var task = new FixLibTorchSharpLoading { BuildEngine = new SilentBuildEngine(), Libraries = [new TaskItem(library)] };
        return task.Execute();
    }

    private sealed class SilentBuildEngine : IBuildEngine
    {
        public bool ContinueOnError => false;
        public int LineNumberOfTaskNode => 0;
        public int ColumnNumberOfTaskNode => 0;
        public string ProjectFileOfTaskNode => string.Empty;
        public bool BuildProjectFile(string projectFileName, string[] targetNames, System.Collections.IDictionary globalProperties, System.Collections.IDictionary targetOutputs) => true;
        public void LogCustomEvent(CustomBuildEventArgs e) { }
        public void LogErrorEvent(BuildErrorEventArgs e) => throw new InvalidOperationException(e.Message);
        public void LogMessageEvent(BuildMessageEventArgs e) { }
        public void LogWarningEvent(BuildWarningEventArgs e) => throw new InvalidOperationException(e.Message);
    }
}
