using Declarative.Callbacks;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.optim;

namespace Declarative.Benchmarks.Dispatch;

// The design a .NET user would otherwise build, in the shape of TensorFlow.NET's Keras port: callbacks behind an
// interface with every hook, kept in a List walked at each event, receiving the event's values in a
// Dictionary<string, double> that the loop fills and each callback searches by name. Each adapter wraps the same
// runtime callback the generated code calls and uses its decision, so only the way of reaching it differs.

public interface ICallback
{
    void OnEpochBegin(int epoch);

    void OnTrainBatchEnd(int batch, Dictionary<string, double> logs);

    void OnEpochEnd(int epoch, Dictionary<string, double> logs);
}

/// <summary>Keras's <c>Callback</c>: every hook virtual and empty, overridden by the callbacks that need it.</summary>
public abstract class Callback : ICallback
{
    public virtual void OnEpochBegin(int epoch)
    {
    }

    public virtual void OnTrainBatchEnd(int batch, Dictionary<string, double> logs)
    {
    }

    public virtual void OnEpochEnd(int epoch, Dictionary<string, double> logs)
    {
    }
}

/// <summary>Keras's <c>CallbackList</c>.</summary>
public sealed class CallbackList(List<ICallback> callbacks)
{
    public void OnEpochBegin(int epoch)
    {
        foreach (var callback in callbacks) callback.OnEpochBegin(epoch);
    }

    public void OnTrainBatchEnd(int batch, Dictionary<string, double> logs)
    {
        foreach (var callback in callbacks) callback.OnTrainBatchEnd(batch, logs);
    }

    public void OnEpochEnd(int epoch, Dictionary<string, double> logs)
    {
        foreach (var callback in callbacks) callback.OnEpochEnd(epoch, logs);
    }
}

public sealed class EarlyStoppingCallback(string monitor, EarlyStopping<DispatchModelLogs> logic, nn.Module model) : Callback
{
    private readonly WeightsSnapshot _bestWeights = new();

    public bool StopTraining { get; private set; }

    public override void OnEpochEnd(int epoch, Dictionary<string, double> logs)
    {
        var decision = logic.Decide(epoch, logs.TryGetValue(monitor, out var value) ? value : double.NaN);
        if (decision.CaptureWeights) _bestWeights.Capture(model);
        if (decision.StopTraining) StopTraining = true;
    }
}

public sealed class ModelCheckpointCallback(string monitor, ModelCheckpoint<DispatchModelLogs> logic, string path, nn.Module model, optim.Optimizer optimizer) : Callback
{
    public override void OnEpochEnd(int epoch, Dictionary<string, double> logs)
    {
        if (logic.ShouldSave(epoch, logs.TryGetValue(monitor, out var value) ? value : double.NaN))
            Declarative.IO.Checkpoint.Save(path, model, optimizer);
    }
}

public sealed class LearningRateSchedulerCallback(LearningRateScheduler logic, ILearningRateController[] parameterGroups) : Callback
{
    public override void OnEpochBegin(int epoch) => logic.SetRates(epoch, parameterGroups);
}

/// <summary>Keras's <c>LambdaCallback</c>.</summary>
public sealed class LambdaCallback(Action<int, Dictionary<string, double>>? onTrainBatchEnd = null, Action<int, Dictionary<string, double>>? onEpochEnd = null) : Callback
{
    public override void OnTrainBatchEnd(int batch, Dictionary<string, double> logs) => onTrainBatchEnd?.Invoke(batch, logs);

    public override void OnEpochEnd(int epoch, Dictionary<string, double> logs) => onEpochEnd?.Invoke(epoch, logs);
}
