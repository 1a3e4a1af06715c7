// Runs ResumableModel's training (EpochBackedModel's with --epoch-backups) in the folder given as the first argument,
// resuming from its backup if there is one, and writes what the resume tests compare: History (exact values), the end,
// the final weights. With --kill-after-batch N or --kill-during-backup N it kills itself (SIGKILL, as kill -9) at that
// point of this process's run; with --kill-after-fit, once Fit has returned, before writing anything. With
// --pause-after-batch N it prints "paused" after batch N and goes on when a line arrives on its input.

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
    Write(ResumableModel.Train(model), model);
}

Console.WriteLine("done");

void Write<TLogs>(History<TLogs> history, nn.Module model) where TLogs : struct, ITrainingLogs<TLogs>
{
    if (args.Contains("--kill-after-fit")) kill();
    File.WriteAllLines("history.txt", history.Select(logs => logs.Epoch.ToString(CultureInfo.InvariantCulture) + " " + string.Join(" ", history.MetricNames.Select(name =>
        logs.TryGetValue(name, out var value) ? value.ToString("R", CultureInfo.InvariantCulture) : "-"))));
    File.WriteAllLines("end.txt", [history.End.Reason.ToString(), history.End.LastEpoch.ToString(CultureInfo.InvariantCulture), history.End.StoppedBy ?? "-"]);
    model.save("weights.bin");
}

int? Option(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : null;
}
