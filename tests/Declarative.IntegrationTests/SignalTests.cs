using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using Declarative.Tests.Support;

namespace Declarative.IntegrationTests;

/// <summary>
/// Preemption is a save, not a loss: Declarative.ResumeHost, sent SIGTERM or SIGINT by a real kill(2) while it trains
/// or validates, stops at the next batch boundary with a backup and exits with the code a scheduler reads as interrupted;
/// run again, it redoes no batch and ends exactly like a run never interrupted. The host waits at a known batch until
/// the signal has reached its run, so where it stops is exact.
/// </summary>
public sealed class SignalTests : IDisposable
{
    private static readonly string Host = typeof(SignalTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ResumeHost").Value!;

    private const int SigInt = 2;
    private const int SigTerm = 15;

    // ResumableModel's epochs have 6 batches.
    private const int BatchesPerEpoch = 6;

    private readonly string _folder = Directory.CreateTempSubdirectory("declarative-signalled-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(SigTerm, 143)]
    [InlineData(SigInt, 130)]
    public void A_signal_during_training_stops_at_the_next_batch_with_a_backup_and_the_rerun_redoes_nothing(int signal, int exitCode)
    {
        var (code, output) = Signalled(signal, "--wait-for-signal-after-batch", "10");

        Assert.True(code == exitCode, $"exit code {code}, not {exitCode}:\n{output}");
        Assert.Equal(10, Batches(output));
        Assert.True(File.Exists(Path.Combine(_folder, "backup", "backup.bin")), output);

        var (completed, log) = KillAndResumeTests.RunHost(_folder);
        Assert.True(completed == 0, log);
        Assert.Equal(KillAndResumeTests.ReferenceBatches - 10, Batches(log));
        KillAndResumeTests.AssertSameAsReference(_folder, "signalled during training");
    }

    // The signal comes at the first batch of the second validation pass, after 12 training batches: the backup is made
    // there, and the rerun runs that validation pass again, training no batch twice.
    [Fact]
    public void SIGTERM_during_validation_stops_before_the_next_validation_batch_and_the_rerun_trains_no_batch_again()
    {
        var (code, output) = Signalled(SigTerm, "--wait-for-signal-in-validation", "2");

        Assert.True(code == 143, $"exit code {code}:\n{output}");
        Assert.Equal(2 * BatchesPerEpoch, Batches(output));

        var (completed, log) = KillAndResumeTests.RunHost(_folder);
        Assert.True(completed == 0, log);
        Assert.Equal(KillAndResumeTests.ReferenceBatches - 2 * BatchesPerEpoch, Batches(log));
        KillAndResumeTests.AssertSameAsReference(_folder, "signalled during validation");
    }

    // With StopAndReturn, Fit returns the signal to the program (which prints it and waits); the run's handlers are then
    // gone, so the next SIGTERM does what it does in any .NET program: it ends the process.
    [Fact]
    public void With_StopAndReturn_Fit_returns_the_signal_and_the_next_signal_is_the_process_s_again()
    {
        using var process = KillAndResumeTests.Start(_folder, ["--wait-for-signal-after-batch", "4", "--signals-return"], input: true);
        var seen = ReadUntil(process, "waiting");
        Send(process, SigTerm);
        seen += ReadUntil(process, "returned");
        Assert.Contains("returned SIGTERM 143", seen);
        Assert.True(File.Exists(Path.Combine(_folder, "backup", "backup.bin")), seen);

        Send(process, SigTerm);

        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(1)), "the second SIGTERM did not end the process: the run's handler outlived it");
        var rest = process.StandardOutput.ReadToEnd();
        Assert.DoesNotContain("alive", rest);
        Assert.NotEqual(0, process.ExitCode);
    }

    // Starts the host with the arguments, waits for it to wait, sends the signal, and returns how it ended.
    private (int ExitCode, string Output) Signalled(int signal, params string[] arguments)
    {
        using var process = KillAndResumeTests.Start(_folder, arguments, input: false);
        var output = ReadUntil(process, "waiting");
        Send(process, signal);
        output += process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }

    private static string ReadUntil(Process process, string line)
    {
        var seen = new System.Text.StringBuilder();
        string? read;
        while ((read = process.StandardOutput.ReadLine()) is not null)
        {
            seen.AppendLine(read);
            if (read.StartsWith(line, StringComparison.Ordinal)) return seen.ToString();
        }

        Assert.Fail($"the host ended before printing '{line}' (exit code {(process.WaitForExit(0) ? process.ExitCode : -1)}):\n{seen}{process.StandardError.ReadToEnd()}");
        return string.Empty;
    }

    private static int Batches(string output) => output.Split('\n').Count(line => line.StartsWith("batch ", StringComparison.Ordinal));

    private static void Send(Process process, int signal)
    {
        if (Kill(process.Id, signal) != 0) Assert.Fail($"kill({process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
