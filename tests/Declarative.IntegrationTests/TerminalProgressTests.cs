using System.Diagnostics;
using System.Reflection;

namespace Declarative.IntegrationTests;

/// <summary>
/// The live progress display in a real terminal: Declarative.ProgressHost trains inside tmux at 80 and 120 columns, and
/// the test reads the screen tmux shows, once while the bar is live (the host pauses mid-epoch and signals), once at
/// the end. The bar fits the terminal and says what its time is; messages printed above it leave no piece of it; each
/// epoch's line is wrapped to the width, between values.
/// </summary>
public sealed class TerminalProgressTests : IDisposable
{
    private static readonly string Host = typeof(TerminalProgressTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ProgressHost").Value!;

    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private readonly string _socket = "declarative-" + Guid.NewGuid().ToString("N");
    private readonly string _folder = Directory.CreateTempSubdirectory("declarative-terminal-").FullName;

    public void Dispose()
    {
        Tmux("kill-server");
        Directory.Delete(_folder, recursive: true);
    }

    [Theory]
    [InlineData(80)]
    [InlineData(120)]
    public void The_live_bar_fits_the_terminal_and_leaves_nothing_behind(int width)
    {
        Tmux("new-session", "-d", "-x", width.ToString(), "-y", "50", $"dotnet {Host} {_folder} --pause {_socket}; tmux -L {_socket} wait-for -S done; sleep 600");

        Wait("midway");
        var live = Screen();
        Tmux("wait-for", "-S", "captured");
        var bar = live.Last(line => line.Length > 0);
        Assert.StartsWith("Epoch 2/3 ", bar);
        Assert.Contains("ETA ", bar);
        Assert.Contains("/256", bar);
        Assert.Contains("loss: ", bar);
        Assert.True(bar.Length < width, $"the live bar is {bar.Length} columns wide in a terminal of {width}:\n{string.Join('\n', live)}");

        Wait("done");
        var screen = Screen();
        var text = string.Join('\n', screen);
        Assert.Contains("done", screen);
        Assert.DoesNotContain("ETA", text);
        Assert.DoesNotContain("━", text);
        for (var epoch = 1; epoch <= 3; epoch++)
        {
            var first = screen.FindIndex(line => line.StartsWith($"Epoch {epoch}/3 - 256/256 - ", StringComparison.Ordinal));
            Assert.True(first >= 0, $"no line for epoch {epoch}:\n{text}");

            // The epoch's values wrap onto indented lines, each within the width, down to learning_rate.
            var last = screen.FindIndex(first, line => line.Contains("learning_rate: ", StringComparison.Ordinal));
            Assert.True(last > first, $"epoch {epoch}'s values are not wrapped:\n{text}");
            Assert.All(screen.Skip(first + 1).Take(last - first), line => Assert.StartsWith("    ", line));
            Assert.All(screen.Skip(first).Take(last - first + 1), line => Assert.True(line.Length < width, $"'{line}' is as wide as the terminal"));
        }

        // The checkpoint messages, printed while the bar was live, end with the file name: no piece of the bar after it.
        Assert.All(screen.Where(line => line.Contains(".bin", StringComparison.Ordinal)), line => Assert.EndsWith(".bin", line));
        Assert.Equal(6, screen.Count(line => line.StartsWith("Epoch ", StringComparison.Ordinal) && line.Contains("saving model to", StringComparison.Ordinal)));
    }

    // SIGTERM (a scheduler's preemption) while the bar is live: the run stops at the next batch, and before the process
    // exits with 143 the bar is gone and the cursor, which the bar hides, is shown again.
    [Fact]
    public void SIGTERM_with_the_bar_live_clears_the_bar_shows_the_cursor_and_exits_with_143()
    {
        Tmux("new-session", "-d", "-x", "100", "-y", "50", $"dotnet {Host} {_folder} --pause {_socket}; echo \"exit $?\"; tmux -L {_socket} wait-for -S done; sleep 600");

        Wait("midway");
        Assert.Equal("0", CursorShown());
        var pid = int.Parse(File.ReadAllText(Path.Combine(_folder, "pid")), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(0, Kill(pid, SigTerm));
        Tmux("wait-for", "-S", "captured");

        Wait("done");
        var screen = Screen();
        var text = string.Join('\n', screen);
        Assert.Contains("exit 143", screen);
        Assert.DoesNotContain("done", screen);
        Assert.DoesNotContain("ETA", text);
        Assert.DoesNotContain("━", text);
        Assert.Equal("1", CursorShown());
    }

    private const int SigTerm = 15;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    // Whether the pane's cursor is visible: tmux's cursor_flag, 1 or 0.
    private string CursorShown() => Tmux("display-message", "-p", "-t", "0", "#{cursor_flag}").Trim();

    // The screen as tmux shows it, a string per row, trailing spaces trimmed.
    private List<string> Screen() => Tmux("capture-pane", "-p", "-t", "0").Split('\n').Select(line => line.TrimEnd()).ToList();

    private void Wait(string signal)
    {
        using var process = Start("wait-for", signal);
        if (process.WaitForExit(Patience)) return;
        process.Kill();
        Assert.Fail($"the host did not signal '{signal}' within {Patience}; the screen:\n{string.Join('\n', Screen())}");
    }

    private string Tmux(params string[] arguments)
    {
        using var process = Start(arguments);
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }

    private Process Start(params string[] arguments)
    {
        var start = new ProcessStartInfo("tmux") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-L");
        start.ArgumentList.Add(_socket);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        return Process.Start(start)!;
    }
}
