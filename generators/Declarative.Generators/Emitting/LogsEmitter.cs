using System.Linq;
using Declarative.Generators.Models;

namespace Declarative.Generators.Emitting;

/// <summary>Emits the model's logs type: one typed member per metric, and access by Keras name.</summary>
internal static class LogsEmitter
{
    public static void Emit(ModelSpec model, string logsType, CodeWriter writer)
    {
        writer.Line($"/// <summary>");
        writer.Line($"/// The values <see cref=\"{model.Name}\"/>'s Fit produces: at each epoch end the epoch's means, in batch hooks the");
        writer.Line($"/// running means of the epoch so far. One member per metric, named after it (<c>val_loss</c> is <see cref=\"ValLoss\"/>).");
        writer.Line($"/// </summary>");
        writer.Line(Code.GeneratedCode);
        using (writer.Block($"{model.Accessibility} readonly record struct {model.LogsName} : global::Declarative.Training.ITrainingLogs<{logsType}>"))
        {
            writer.Line("private static readonly global::Declarative.Metrics.MetricInfo[] s_metrics =");
            writer.Line("{");
            foreach (var metric in model.Metrics) writer.Line($"    new({Code.Literal(metric.Name)}, {Code.Direction(metric.Direction)}),");
            writer.Line("};");
            writer.Line();
            writer.Line("/// <summary>The 0-based epoch.</summary>");
            writer.Line("public int Epoch { get; init; }");
            foreach (var metric in model.Metrics)
            {
                writer.Line();
                writer.Line($"/// <summary><c>{metric.Name}</c>: {Code.Xml(Describe(metric))}.</summary>");
                writer.Line($"public double {metric.Member} {{ get; init; }}");
            }

            foreach (var metric in model.Metrics)
            {
                writer.Line();
                writer.Line($"/// <summary><c>val_{metric.Name}</c>: the same on the validation data; null when Fit has no validation data (and in batch hooks).</summary>");
                writer.Line($"public double? Val{metric.Member} {{ get; init; }}");
            }

            writer.Line();
            writer.Line("/// <summary><c>learning_rate</c>: the first parameter group's learning rate during the epoch.</summary>");
            writer.Line("public double LearningRate { get; init; }");
            writer.Line();
            writer.Line("/// <inheritdoc/>");
            writer.Line("public bool HasValidation => ValLoss.HasValue;");
            writer.Line();
            writer.Line($"static global::System.Collections.Generic.IReadOnlyList<global::Declarative.Metrics.MetricInfo> global::Declarative.Training.ITrainingLogs<{logsType}>.Metrics => s_metrics;");
            writer.Line();
            writer.Line("/// <inheritdoc/>");
            using (writer.Block("public bool TryGetValue(string name, out double value)"))
            {
                using (writer.Block("switch (name)"))
                {
                    foreach (var metric in model.Metrics)
                    {
                        writer.Line($"case {Code.Literal(metric.Name)}: value = {metric.Member}; return true;");
                        writer.Line($"case {Code.Literal("val_" + metric.Name)}: value = Val{metric.Member}.GetValueOrDefault(double.NaN); return Val{metric.Member}.HasValue;");
                    }

                    writer.Line("case \"learning_rate\": value = LearningRate; return true;");
                    writer.Line("default: value = double.NaN; return false;");
                }
            }
        }
    }

    private static string Describe(MetricSpec metric)
    {
        var direction = metric.Direction switch
        {
            Direction.Minimize => "lower is better",
            Direction.Maximize => "higher is better",
            _ => "direction not declared",
        };
        return metric.Kind == MetricKind.Loss
            ? $"the mean of the loss function over the training batches ({direction})"
            : $"from {metric.Source}, averaged over the training samples ({direction})";
    }

    /// <summary>The body of CreateLogs: the typed logs from values in metric order.</summary>
    public static void EmitCreate(ModelSpec model, CodeWriter writer)
    {
        writer.Line("Epoch = epoch,");
        for (var i = 0; i < model.Metrics.Count; i++) writer.Line($"{model.Metrics[i].Member} = training[{i}],");
        for (var i = 0; i < model.Metrics.Count; i++) writer.Line($"Val{model.Metrics[i].Member} = validation.IsEmpty ? null : validation[{i}],");
        writer.Line("LearningRate = learningRate,");
    }

    /// <summary>The per-batch metric computations, as calls in UpdateMetrics.</summary>
    public static void EmitUpdateMetrics(ModelSpec model, string modelType, CodeWriter writer)
    {
        var any = false;
        for (var i = 1; i < model.Metrics.Count; i++)
        {
            var metric = model.Metrics[i];
            var values = metric.Kind switch
            {
                MetricKind.Accuracy => "global::Declarative.Metrics.BuiltInMetrics.Accuracy(output, target)",
                MetricKind.BinaryAccuracy => $"global::Declarative.Metrics.BuiltInMetrics.BinaryAccuracy(output, target, {Code.Literal(metric.Threshold)})",
                MetricKind.MeanAbsoluteError => "global::Declarative.Metrics.BuiltInMetrics.AbsoluteError(output, target)",
                MetricKind.MeanSquaredError => "global::Declarative.Metrics.BuiltInMetrics.SquaredError(output, target)",
                _ => (metric.IsStatic ? modelType : "_model") + "." + metric.Method + "(output, target)",
            };
            writer.Line($"metrics[{i}].Add({values}); // {metric.Name}");
            any = true;
        }

        if (!any) writer.Line("// The loss is the only metric; the training loop accumulates it.");
    }
}
