using Declarative.Metrics;

namespace Declarative.Training;

/// <summary>
/// How a model's step takes a batch's result from a loop of the user's own (<see cref="LoopDriver{TCallbacks, TLogs, TStep, TResult}"/>):
/// the result as the model's step would have returned it, and the declared metrics computed from it. The generator writes
/// it on the model's step struct.
/// </summary>
/// <remarks>Implemented by generated code only.</remarks>
/// <typeparam name="TResult">What the model's step returns (<see cref="StepResult"/> for the default step).</typeparam>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public interface IStepRecorder<TResult>
{
    /// <summary>Takes a batch's result: its loss and the samples that weigh it (0 to take them from the result).</summary>
    StepLoss Record(TResult result, long samples);

    /// <summary>Adds the declared metrics of the last recorded result (under no_grad).</summary>
    void UpdateMetrics(MetricAccumulator[] metrics);
}
