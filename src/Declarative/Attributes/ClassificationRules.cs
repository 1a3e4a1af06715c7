// Shared by the runtime library and the source generator (linked into both), so it stays netstandard2.0-compatible.
#nullable enable

using System.Collections.Generic;

namespace Declarative;

/// <summary>
/// The range rules the classification metrics that count per class share (precision, recall, F-scores): a threshold in
/// [0, 1] (or none, for F-scores), an average that knows its classes, a class among them.
/// </summary>
internal static class ClassificationRules
{
    /// <summary>The problems of one metric's <c>Threshold</c>, <c>Average</c>, <c>Classes</c> and <c>ClassId</c>.</summary>
    public static IEnumerable<SettingProblem?> Problems(double threshold, bool thresholdOptional, MetricAverage average, int classes, int classId)
    {
        var noThreshold = thresholdOptional && double.IsNaN(threshold);
        yield return SettingProblem.Unless(noThreshold || (threshold >= 0 && threshold <= 1), "Threshold", threshold,
            "a threshold lies between 0 and 1 (the outputs are probabilities), as in Keras");
        yield return SettingProblem.Unless(average is MetricAverage.Micro or MetricAverage.Macro or MetricAverage.Weighted, "Average", average,
            "it must be one of MetricAverage's values");
        yield return SettingProblem.Unless(classes >= 0 && classes != 1, "Classes", classes,
            "it is the number of classes (the output's last dimension), at least 2; leave it out for a binary output");
        yield return SettingProblem.Unless(average == MetricAverage.Micro || classes >= 2, "Average", average,
            "a per-class average keeps counts for every class and needs their number: add Classes = (the output's last dimension)");
        yield return SettingProblem.Unless(average == MetricAverage.Micro || classId < 0, "ClassId", classId,
            "a metric of one class has nothing to average; remove Average or ClassId");
        yield return SettingProblem.Unless(classId >= -1 && (classes == 0 || classId < classes), "ClassId", classId,
            classes == 0 ? "it is a 0-based class index, or -1 (the default) for every class" : $"it is a 0-based class index below Classes = {classes}, or -1 (the default) for every class");
    }
}
