using System.Linq;
using Declarative.Generators.Diagnostics;
using Declarative.Generators.Emitting;
using Declarative.Generators.Helpers;
using Declarative.Generators.Models;
using Declarative.Generators.Parsing;
using Declarative.Training;
using Microsoft.CodeAnalysis;

namespace Declarative.Generators.Callbacks;

/// <summary>A model method marked with a hook attribute, with the arguments it takes.</summary>
/// <param name="Hook">The hook it runs at.</param>
/// <param name="Arguments">The argument list to call it with (<c>epoch, logs</c>), in the dispatcher's names.</param>
internal sealed record HookSpec(string Description, TrainingHook Hook, string Method, bool IsStatic, string Arguments, FilterSpec Filter)
    : CallbackSpec(string.Empty, Description, EquatableArray<SettingCode>.Empty);

/// <summary>The typed lambda hooks: methods of the model marked <c>[OnEpochEnd]</c> and the like, called directly on their event.</summary>
internal static class HookCallback
{
    /// <summary>The hook attributes, and the hook each marks.</summary>
    public static readonly (System.Type Attribute, TrainingHook Hook)[] Attributes =
    [
        (typeof(OnTrainBeginAttribute), TrainingHook.TrainBegin),
        (typeof(OnTrainEndAttribute), TrainingHook.TrainEnd),
        (typeof(OnEpochBeginAttribute), TrainingHook.EpochBegin),
        (typeof(OnEpochEndAttribute), TrainingHook.EpochEnd),
        (typeof(OnTrainBatchBeginAttribute), TrainingHook.TrainBatchBegin),
        (typeof(OnTrainBatchEndAttribute), TrainingHook.TrainBatchEnd),
        (typeof(OnTestBeginAttribute), TrainingHook.TestBegin),
        (typeof(OnTestBatchBeginAttribute), TrainingHook.TestBatchBegin),
        (typeof(OnTestBatchEndAttribute), TrainingHook.TestBatchEnd),
        (typeof(OnTestEndAttribute), TrainingHook.TestEnd),
        (typeof(OnPredictBeginAttribute), TrainingHook.PredictBegin),
        (typeof(OnPredictBatchBeginAttribute), TrainingHook.PredictBatchBegin),
        (typeof(OnPredictBatchEndAttribute), TrainingHook.PredictBatchEnd),
        (typeof(OnPredictEndAttribute), TrainingHook.PredictEnd),
    ];

    public static HookSpec? Read(AttributeReader reader, ReadContext context)
    {
        var method = (IMethodSymbol)reader.Target;
        var attribute = reader.Data.AttributeClass!;
        var name = AttributeNames.Of(reader.Data);
        var hook = Attributes.First(a => a.Attribute.FullName == name).Hook;
        var shapes = Shapes(hook, context.LogsName);
        var match = method.ReturnsVoid && !method.IsGenericMethod ? shapes.FirstOrDefault(s => Matches(method, s.Parameters, context)) : null;
        if (match is null)
        {
            var expected = string.Join(" or ", shapes.Select(s => $"'void {method.Name}({string.Join(", ", s.Parameters.Select(p => p.Display))})'"));
            var fix = FixProperties.Of(FixProperties.Parameters, string.Join(", ", shapes[0].Parameters.Select(p => p.Display)));
            context.Problems.Report(DiagnosticDescriptors.HookMethodSignature, () => method.Locations.FirstOrDefault(), fix, SettingsText.Name(attribute.Name), method.Name, expected);
            return null;
        }

        var settings = (HookAttribute)reader.Settings(Attributes.First(a => a.Hook == hook).Attribute);
        var filter = FilterSpec.Always;
        if (settings is FilteredHookAttribute filtered)
        {
            if (!Rules.InRange(reader, context, filtered)) return null;
            var isBatch = hook is TrainingHook.TrainBatchBegin or TrainingHook.TrainBatchEnd;
            filter = new FilterSpec(isBatch ? 1 : filtered.Every, isBatch ? filtered.Every : 1, filtered.FromEpoch);
        }

        var (description, _) = Rules.Describe(settings);
        return new HookSpec(description + " " + method.Name, hook, method.Name, method.IsStatic, match.Arguments, filter);
    }

    public static CallbackCode Emit(HookSpec spec, ModelSpec model)
    {
        var target = spec.IsStatic ? model.Type : "_model";
        var isBatch = spec.Hook is TrainingHook.TrainBatchBegin or TrainingHook.TrainBatchEnd;
        var condition = isBatch ? Filters.BatchCondition(spec.Filter) : spec.Hook is TrainingHook.EpochBegin or TrainingHook.EpochEnd ? Filters.EpochCondition(spec.Filter) : null;
        var arguments = spec.Arguments.Replace(RunningLogs, $"_session.RunningLogs<{model.LogsType}>()");
        var plan = $"call {spec.Method}({spec.Arguments.Replace(RunningLogs, "running values read from the device")}){Filters.Describe(spec.Filter, isBatch)}";
        return new CallbackCode(spec)
            .On(spec.Hook, plan, Filters.Guarded(condition, $"{target}.{spec.Method}({arguments});"))
            .FilteringBatches(isBatch && spec.Filter.FiltersBatches);
    }

    private const string RunningLogs = "{running}";

    private sealed record Parameter(string Display, string Type);

    private sealed record Shape(Parameter[] Parameters, string Arguments);

    private const string Int = "int";
    private const string Logs = "logs";

    // The parameter lists each hook accepts, with the arguments the dispatcher passes for each.
    private static Shape[] Shapes(TrainingHook hook, string logsName) => hook switch
    {
        TrainingHook.TrainBegin => [new([], string.Empty), new([new("TrainingSession session", KnownNames.TrainingSession)], "session")],
        TrainingHook.TrainEnd => [new([], string.Empty), new([new("TrainingEnd end", KnownNames.TrainingEnd)], "end")],
        TrainingHook.EpochBegin => [new([new("int epoch", Int)], "epoch")],
        TrainingHook.EpochEnd => [new([new("int epoch", Int), new(logsName + " logs", Logs)], "epoch, logs"), new([new("int epoch", Int)], "epoch")],
        TrainingHook.TrainBatchBegin => [new([new("int batch", Int)], "batch")],
        TrainingHook.TestBatchBegin or TrainingHook.TestBatchEnd or TrainingHook.PredictBatchBegin or TrainingHook.PredictBatchEnd => [new([new("int batch", Int)], "batch")],
        TrainingHook.TestEnd => [new([new(logsName + " logs", Logs)], "logs"), new([], string.Empty)],
        TrainingHook.TestBegin or TrainingHook.PredictBegin or TrainingHook.PredictEnd => [new([], string.Empty)],
        _ => [new([new("int batch", Int), new(logsName + " logs", Logs)], "batch, " + RunningLogs), new([new("int batch", Int)], "batch")],
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
