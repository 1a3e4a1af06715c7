using Declarative.Tests.Models;
using Declarative.Training;
using static TorchSharp.torch;

namespace Declarative.Tests.Support;

/// <summary>Sessions of a hand-written loop over a one-weight model, and logs of <see cref="SequenceModel"/>, for driving callbacks directly.</summary>
internal static class Sessions
{
    /// <summary>A session over a fresh <c>Linear(1, 1)</c> trained with SGD at 0.1.</summary>
    public static TrainingSession Create(TextWriter? output = null, bool hasValidation = true)
    {
        var model = nn.Linear(1, 1);
        return new TrainingSession(model, optim.SGD(model.parameters(), 0.1), epochs: 1000, hasValidation, output);
    }

    /// <summary>Logs whose <c>value</c> is <paramref name="value"/>.</summary>
    public static SequenceModelLogs Logs(int epoch, double value) => new() { Epoch = epoch, Value = value, Loss = value, ValLoss = value, ValValue = value };

    /// <summary>The way an ascending or descending metric is monitored.</summary>
    public static MonitorMode Mode(MetricDirection direction) => direction == MetricDirection.Minimize ? MonitorMode.Min : MonitorMode.Max;
}
