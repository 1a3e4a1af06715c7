using System.Linq;
using Declarative.Generators.Models;
using Declarative.Metrics;

namespace Declarative.Generators.Emitting;

/// <summary>Emits the model's logs type: one typed member per metric, access by Keras name, and an accessor per value for monitoring callbacks.</summary>
internal static class LogsEmitter
{
    public static void Emit(ModelSpec model, CodeWriter writer)
    {
        var logsType = model.LogsType;
        writer.Line($"/// <summary>");
        writer.Line($"/// The values <see cref=\"{model.Name}\"/>'s Fit produces: at each epoch end the epoch's means, in batch hooks the");
        writer.Line($"/// running means of the epoch so far. One member per metric, named after it (<c>val_loss</c> is <see cref=\"ValLoss\"/>).");
        writer.Line($"/// </summary>");
        writer.Line(Code.GeneratedCode);
        using (writer.Block($"{model.Accessibility} readonly record struct {model.LogsName} : global::Declarative.Training.ITrainingLogs<{logsType}>"))
        {
            writer.Line("private static readonly global::Declarative.Metrics.MetricInfo[] s_metrics =");
            writer.Line("{");
            foreach (var metric in model.Metrics) writer.Line($"    {Info(metric)},");
            writer.Line("};");
            writer.Line();
            writer.Line("/// <summary>The 0-based epoch.</summary>");
            writer.Line("public int Epoch { get; init; }");
            foreach (var metric in model.Metrics.Where(m => !m.IsRunValue)) WriteMember(metric, writer);
            foreach (var metric in model.Metrics.Where(m => m.HasValidation))
            {
                writer.Line();
                writer.Line($"/// <summary><c>{MetricNames.Validation(metric.Name)}</c>: the same on the validation data; null when Fit has no validation data (and in batch hooks).</summary>");
                writer.Line($"public double? {MetricNames.ValidationMember(metric.Member)} {{ get; init; }}");
            }

            foreach (var metric in model.Metrics.Where(m => m.IsRunValue)) WriteMember(metric, writer);
            writer.Line();
            writer.Line("/// <inheritdoc/>");
            writer.Line($"public bool HasValidation => {MetricNames.ValidationMember("Loss")}.HasValue;");
            writer.Line();
            writer.Line($"static global::System.Collections.Generic.IReadOnlyList<global::Declarative.Metrics.MetricInfo> global::Declarative.Training.ITrainingLogs<{logsType}>.Metrics => s_metrics;");
            writer.Line();
            writer.Line("/// <inheritdoc/>");
            writer.Line($"public static {logsType} Create(int epoch, global::System.ReadOnlySpan<double> values, global::System.ReadOnlySpan<double> validation) => new()");
            writer.Line("{");
            using (writer.Indented())
            {
                writer.Line("Epoch = epoch,");
                for (var i = 0; i < model.Metrics.Count; i++)
                {
                    if (!model.Metrics[i].IsRunValue) writer.Line($"{model.Metrics[i].Member} = values[{i}],");
                }

                for (var i = 0; i < model.Metrics.Count; i++)
                {
                    if (model.Metrics[i].HasValidation) writer.Line($"{MetricNames.ValidationMember(model.Metrics[i].Member)} = validation.IsEmpty ? null : validation[{i}],");
                }

                for (var i = 0; i < model.Metrics.Count; i++)
                {
                    if (model.Metrics[i].IsRunValue) writer.Line($"{model.Metrics[i].Member} = values[{i}],");
                }
            }

            writer.Line("};");
            writer.Line();
            writer.Line("/// <inheritdoc/>");
            using (writer.Block("public bool TryGetValue(string name, out double value)"))
            {
                using (writer.Block("switch (name)"))
                {
                    foreach (var metric in model.Metrics)
                    {
                        var validation = MetricNames.ValidationMember(metric.Member);
                        writer.Line($"case {Code.Literal(metric.Name)}: value = {metric.Member}; return true;");
                        if (metric.HasValidation) writer.Line($"case {Code.Literal(MetricNames.Validation(metric.Name))}: value = {validation}.GetValueOrDefault(double.NaN); return {validation}.HasValue;");
                    }

                    writer.Line("default: value = double.NaN; return false;");
                }
            }

            writer.Line();
            EmitMonitors(model, writer);
        }
    }

    // One monitor per value, which a callback watching it is given (new EarlyStopping<NetLogs>(NetLogs.Monitors.ValLoss)):
    // typed, so that a misspelled or missing value is a compile error, and a direct member read, not a lookup by name.
    private static void EmitMonitors(ModelSpec model, CodeWriter writer)
    {
        var values = model.Metrics.Where(m => !m.IsRunValue).Select(m => (m.Name, m.Member, m.Direction))
            .Concat(model.Metrics.Where(m => m.HasValidation).Select(m => (Name: MetricNames.Validation(m.Name), Member: MetricNames.ValidationMember(m.Member), m.Direction)))
            .Concat(model.Metrics.Where(m => m.IsRunValue).Select(m => (m.Name, m.Member, m.Direction)));
        var monitor = $"global::Declarative.Training.Monitor<{model.LogsType}>";
        writer.Line($"/// <summary>A monitor per value, for the callbacks that watch one (<c>new EarlyStopping&lt;{model.LogsName}&gt;({model.LogsName}.Monitors.ValLoss)</c>).</summary>");
        using (writer.Block("public static class Monitors"))
        {
            var first = true;
            foreach (var (name, member, direction) in values)
            {
                if (!first) writer.Line();
                first = false;
                writer.Line($"/// <summary><c>{name}</c> ({MetricDirections.Describe(direction)}).</summary>");
                writer.Line($"public static {monitor} {member} {{ get; }} = new({Code.Literal(name)}, {Code.Direction(direction)}, static (in {model.LogsType} logs) => logs.{member});");
            }
        }
    }

    private static void WriteMember(MetricSpec metric, CodeWriter writer)
    {
        writer.Line();
        writer.Line($"/// <summary><c>{metric.Name}</c>: {Code.Xml(Describe(metric))}.</summary>");
        writer.Line($"public double {metric.Member} {{ get; init; }}");
    }

    // new("precision", Maximize, Batches, static device => new Precision(settings, device)): what the runtime needs of a metric.
    private static string Info(MetricSpec metric)
    {
        var source = metric.Source == MetricSource.Batches ? string.Empty : ", global::Declarative.Metrics.MetricSource." + metric.Source;
        var accumulator = metric.Accumulator is { } construction ? $", Accumulator: static device => {construction}" : string.Empty;
        return $"new({Code.Literal(metric.Name)}, {Code.Direction(metric.Direction)}{source}{accumulator})";
    }

    private static string Describe(MetricSpec metric)
    {
        var direction = MetricDirections.Describe(metric.Direction);
        return metric.Source switch
        {
            MetricSource.Loss => $"{metric.Origin}, averaged over the training batches ({direction})",
            MetricSource.GradientNorm => $"the gradients' total norm before clipping, averaged over the epoch's optimizer steps, from {metric.Origin}",
            MetricSource.LearningRate => "the first parameter group's learning rate during the epoch",
            MetricSource.SamplesPerSecond => "training samples per second, from the epoch's first training batch to the end of its last (validation excluded), counted on the host; NaN in Evaluate",
            MetricSource.BatchesPerSecond => "training batches per second, from the epoch's first training batch to the end of its last (validation excluded), counted on the host; NaN in Evaluate",
            _ => $"from {metric.Origin}, over the training batches of the epoch ({direction})",
        };
    }
}
