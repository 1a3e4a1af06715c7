using System.Linq;
using Declarative.Metrics;

namespace Declarative.Training;

/// <summary>The names a run records: the training metrics, their val_ twins when validation runs, and the run's values (learning_rate).</summary>
internal static class LogNames
{
    public static string[] For<TLogs>(bool hasValidation) where TLogs : struct, ITrainingLogs<TLogs>
    {
        var training = TLogs.Metrics.Where(m => !m.IsRunValue).Select(m => m.Name);
        var validation = hasValidation ? TLogs.Metrics.Where(m => m.HasValidation).Select(m => MetricNames.Validation(m.Name)) : [];
        return training.Concat(validation).Concat(TLogs.Metrics.Where(m => m.IsRunValue).Select(m => m.Name)).ToArray();
    }
}
