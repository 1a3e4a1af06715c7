using System.Linq;
using Declarative.Metrics;

namespace Declarative.Training;

/// <summary>The names a run records: the training metrics, their val_ twins when validation runs, and learning_rate.</summary>
internal static class LogNames
{
    public static string[] For<TLogs>(bool hasValidation) where TLogs : struct, ITrainingLogs<TLogs>
    {
        var training = TLogs.Metrics.Select(m => m.Name);
        var validation = hasValidation ? TLogs.Metrics.Where(m => m.HasValidation).Select(m => MetricNames.Validation(m.Name)) : [];
        return training.Concat(validation).Append(MetricNames.LearningRate).ToArray();
    }
}
