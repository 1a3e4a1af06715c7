// Runs ResumableModel's training (EpochBackedModel's with --epoch-backups) in the folder given as the first argument,
// resuming from its backup if there is one, and writes what the resume tests compare: History (exact values), the end,
// the final weights. With --kill-after-batch N or --kill-during-backup N it kills itself (SIGKILL, as kill -9) at that
// point of this process's run; with --kill-after-fit, once Fit has returned, before writing anything. With
// --pause-after-batch N it prints "paused" after batch N and goes on when a line arrives on its input. With
// --wait-for-signal-after-batch N (or --wait-for-signal-in-validation N, at the N-th validation pass's first batch) it
// prints "waiting" and goes on once a signal has cancelled the run (the test sends it). --optimizer <name> trains with
// one of Optimizers instead of Adam; --signals-return makes Fit return after a signal (SignalHandling.StopAndReturn),
// then the host prints "returned <signal> <exit code>" and waits for a line on its input before going on.
// --background-saves writes the backups and checkpoints on the background writer (Fit's backgroundSaves).

using System.Globalization;
using Declarative;
using Declarative.ResumeHost;
using Declarative.Training;
using static TorchSharp.torch;

Directory.SetCurrentDirectory(args[0]);
set_num_threads(1);
manual_seed(5);

var kill = () => System.Diagnostics.Process.GetCurrentProcess().Kill();
if (Option("--kill-after-batch") is int afterBatch) Interrupter.AfterBatch = n => { if (n == afterBatch) kill(); };
if (Option("--kill-during-backup") is int duringBackup) Interrupter.DuringBackup = n => { if (n == duringBackup) kill(); };
Interrupter.AfterBatch += n => Console.WriteLine($"batch {n}");
if (Option("--wait-for-signal-after-batch") is int waitAfter) Interrupter.AfterBatch += n => { if (n == waitAfter) WaitForSignal(); };
if (Option("--wait-for-signal-in-validation") is int waitIn) Interrupter.InValidation = n => { if (n == waitIn) WaitForSignal(); };
if (Option("--pause-after-batch") is int pause)
{
    Interrupter.AfterBatch += n =>
    {
        if (n != pause) return;
        Console.WriteLine("paused");
        Console.ReadLine();
    };
}

if (args.Contains("--epoch-backups"))
{
    var model = new EpochBackedModel();
    Write(EpochBackedModel.Train(model), model);
}
else
{
    var model = new ResumableModel();
    var signals = args.Contains("--signals-return") ? SignalHandling.StopAndReturn : SignalHandling.StopAndExit;
    var history = ResumableModel.Train(model, optimizer: Text("--optimizer"), signals: signals, backgroundSaves: args.Contains("--background-saves"));
    if (history.End.Signal is { } signal)
    {
        Console.WriteLine($"returned {signal} {history.End.ExitCode}");
        Console.ReadLine();
        Console.WriteLine("alive");
        return history.End.ExitCode!.Value;
    }

    Write(history, model);
}

Console.WriteLine("done");
return 0;

// Until the run's token is cancelled: by the signal the test sends once it reads "waiting".
static void WaitForSignal()
{
    Console.WriteLine("waiting");
    Interrupter.Session!.CancellationToken.WaitHandle.WaitOne();
}

void Write<TLogs>(History<TLogs> history, nn.Module model) where TLogs : struct, ITrainingLogs<TLogs>
{
    if (args.Contains("--kill-after-fit")) kill();
    File.WriteAllLines("history.txt", history.Select(logs => logs.Epoch.ToString(CultureInfo.InvariantCulture) + " " + string.Join(" ", history.MetricNames.Select(name =>
        logs.TryGetValue(name, out var value) ? value.ToString("R", CultureInfo.InvariantCulture) : "-"))));
    File.WriteAllLines("end.txt", [history.End.Reason.ToString(), history.End.LastEpoch.ToString(CultureInfo.InvariantCulture), history.End.StoppedBy ?? "-"]);
    model.save("weights.bin");
}

string? Text(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 ? args[index + 1] : null;
}

int? Option(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : null;
}
