using System.Collections.Generic;
using System.Linq;
using Declarative.Generators.Diagnostics;
using Declarative.Generators.Models;
using Microsoft.CodeAnalysis;

namespace Declarative.Generators.Parsing.Readers;

/// <summary>Reads the model's typed lambda hooks: methods marked <c>[OnEpochEnd]</c> and the like.</summary>
internal static class HookReader
{
    public static List<HookSpec> Read(ReadContext context)
    {
        var hooks = new List<HookSpec>();
        var attributes = KnownNames.MethodAttributes.Where(a => a != KnownNames.Metric).ToArray();
        foreach (var (method, attribute) in context.MethodsWith(attributes))
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            var reader = new AttributeReader(attribute);
            if (!reader.IsBound) continue;
            var kind = Kind(attribute.AttributeClass!.ToDisplayString());
            var shapes = Shapes(kind, context.LogsName);
            var match = method.ReturnsVoid && !method.IsGenericMethod ? shapes.FirstOrDefault(s => Matches(method, s.Parameters, context)) : null;
            if (match is null)
            {
                var expected = string.Join(" or ", shapes.Select(s => $"'void {method.Name}({string.Join(", ", s.Parameters.Select(p => p.Display))})'"));
                var fix = FixProperties.Of(FixProperties.Parameters, string.Join(", ", shapes[0].Parameters.Select(p => p.Display)));
                context.Problems.Report(DiagnosticDescriptors.HookMethodSignature, () => method.Locations.FirstOrDefault(), fix, attribute.AttributeClass.Name.Replace("Attribute", string.Empty), method.Name, expected);
                continue;
            }

            var filter = FilterSpec.Always;
            if (kind is not (HookKind.TrainBegin or HookKind.TrainEnd))
            {
                if (!Rules.Filter(reader, context, "Every", "FromEpoch", out var every, out var from)) continue;
                var isBatch = kind is HookKind.TrainBatchBegin or HookKind.TrainBatchEnd;
                filter = new FilterSpec(isBatch ? 1 : every, isBatch ? every : 1, from);
            }

            hooks.Add(new HookSpec(kind, reader.Text(context.CancellationToken) + " " + method.Name, method.Name, method.IsStatic, match.Arguments, match.TakesLogs, filter));
        }

        return hooks;
    }

    private static HookKind Kind(string attribute) => attribute switch
    {
        KnownNames.OnTrainBegin => HookKind.TrainBegin,
        KnownNames.OnTrainEnd => HookKind.TrainEnd,
        KnownNames.OnEpochBegin => HookKind.EpochBegin,
        KnownNames.OnEpochEnd => HookKind.EpochEnd,
        KnownNames.OnTrainBatchBegin => HookKind.TrainBatchBegin,
        _ => HookKind.TrainBatchEnd,
    };

    private sealed record Parameter(string Display, string Type);

    private sealed record Shape(Parameter[] Parameters, string Arguments, bool TakesLogs = false);

    private const string Int = "int";
    private const string Logs = "logs";

    // The parameter lists each hook accepts, with the arguments the dispatcher passes for each.
    private static Shape[] Shapes(HookKind kind, string logsName) => kind switch
    {
        HookKind.TrainBegin => [new([], string.Empty), new([new("TrainingSession session", KnownNames.TrainingSession)], "_session")],
        HookKind.TrainEnd => [new([], string.Empty), new([new("TrainingEnd end", KnownNames.TrainingEnd)], "end")],
        HookKind.EpochBegin => [new([new("int epoch", Int)], "epoch")],
        HookKind.EpochEnd => [new([new("int epoch", Int), new(logsName + " logs", Logs)], "epoch, logs", TakesLogs: true), new([new("int epoch", Int)], "epoch")],
        HookKind.TrainBatchBegin => [new([new("int batch", Int)], "batch")],
        _ => [new([new("int batch", Int), new(logsName + " logs", Logs)], "batch, RunningLogs()", TakesLogs: true), new([new("int batch", Int)], "batch")],
    };

    private static bool Matches(IMethodSymbol method, Parameter[] expected, ReadContext context) =>
        method.Parameters.Length == expected.Length
        && method.Parameters.Zip(expected, (actual, wanted) => wanted.Type switch
        {
            Int => actual.RefKind == RefKind.None && actual.Type.SpecialType == SpecialType.System_Int32,
            Logs => actual.RefKind is RefKind.None or RefKind.In && context.IsLogsType(actual.Type),
            _ => actual.RefKind == RefKind.None && actual.Type.ToDisplayString() == wanted.Type,
        }).All(ok => ok);
}
