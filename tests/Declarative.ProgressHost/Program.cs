// Trains TerminalModel in the folder given as the first argument with the live bar (ProgressMode.Bar), for the
// terminal tests, which run it inside tmux at a given width and read the screen. With --pause <tmux socket>, it stops
// in the middle of the second epoch, the bar live, signals "midway" to that tmux server, and goes on when the test
// signals "captured": the test reads the live bar in between, without waiting for any fixed time. It writes its process
// id to the file "pid" there, for the test that signals it.

using Declarative;
using Declarative.ProgressHost;
using static TorchSharp.torch;

Directory.SetCurrentDirectory(args[0]);
File.WriteAllText("pid", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)); // for the signal test
manual_seed(1);
var generator = new Generator(2);
var targets = randint(0, 4, 8192, generator: generator, dtype: ScalarType.Int64);
var inputs = randn(8192, 16, generator: generator) + nn.functional.one_hot(targets, 16).to_type(ScalarType.Float32);
var model = new TerminalModel();
var pause = Array.IndexOf(args, "--pause") is var at and >= 0 ? args[at + 1] : null;
if (pause is not null) model.AfterBatch = (epoch, batch) =>
{
    if (epoch != 1 || batch != 100) return;
    Tmux(pause, "wait-for", "-S", "midway");
    Tmux(pause, "wait-for", "captured");
};

model.Fit(inputs, targets, batchSize: 32, epochs: 3, optim.Adam(model.parameters(), 0.001), nn.CrossEntropyLoss(),
    validation: (inputs.narrow(0, 0, 512), targets.narrow(0, 0, 512)), progress: ProgressMode.Bar);
Console.WriteLine("done");

static void Tmux(string socket, params string[] arguments)
{
    var start = new System.Diagnostics.ProcessStartInfo("tmux") { ArgumentList = { "-L", socket } };
    foreach (var argument in arguments) start.ArgumentList.Add(argument);
    using var process = System.Diagnostics.Process.Start(start)!;
    process.WaitForExit();
}
