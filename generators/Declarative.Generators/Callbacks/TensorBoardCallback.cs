using System.Linq;
using Declarative.Generators.Emitting;
using Declarative.Generators.Helpers;
using Declarative.Generators.Models;
using Declarative.Generators.Parsing;
using Declarative.Training;

namespace Declarative.Generators.Callbacks;

/// <summary>One <c>[TensorBoard]</c>, validated.</summary>
internal sealed record TensorBoardSpec(string Property, string Description, EquatableArray<SettingCode> Settings, string LogDirectory, int UpdateFrequency, int HistogramFrequency)
    : CallbackSpec(Property, Description, Settings);

/// <summary><c>[TensorBoard]</c>: <see cref="Declarative.Callbacks.TensorBoard{TLogs}"/>.</summary>
internal static class TensorBoardCallback
{
    public static TensorBoardSpec? Read(AttributeReader reader, ReadContext context)
    {
        var settings = reader.Settings<TensorBoardAttribute>();
        var directory = settings.LogDirectory ?? string.Empty;
        var valid = Rules.Path(reader, context, directory) & Rules.InRange(reader, context, settings);
        if (!valid || !Rules.Unique(reader, context, context.Previous<TensorBoardSpec>().Any(t => t.LogDirectory == directory),
                $"Another [TensorBoard] on this model already writes to \"{directory}\"; TensorBoard would show every value twice. Use one, or distinct folders.")) return null;
        var (description, code) = Rules.Describe(settings);
        return new TensorBoardSpec(context.PropertyName("TensorBoard"), description, code, directory, settings.UpdateFrequency, settings.HistogramFrequency);
    }

    public static CallbackCode Emit(TensorBoardSpec spec, ModelSpec model)
    {
        var code = new CallbackCode(spec, $"global::Declarative.Callbacks.TensorBoard<{model.LogsType}>", CallbackCode.FromSettings<TensorBoardAttribute>(spec))
            .On(TrainingHook.Setup, $"claim \"{spec.LogDirectory}\" for this run (a second run writing into it fails now)")
            .On(TrainingHook.TrainBegin, $"start; fail now if \"{spec.LogDirectory}\" cannot be written");
        if (spec.UpdateFrequency > 0)
            code.On(TrainingHook.TrainBatchEnd, $"every {Rules.Counted(spec.UpdateFrequency, "batch")}: read the running values from the device and write them as batch_*");
        return code
            .On(TrainingHook.EpochEnd, $"write the epoch's values to \"{spec.LogDirectory}/train\" and \"/validation\"" +
                                       (spec.HistogramFrequency > 0 ? $"; weight histograms every {Rules.Counted(spec.HistogramFrequency, "epoch")}, from epoch 0" : string.Empty))
            // TorchSharp's SummaryWriter opens, appends to, flushes and closes its event file at each value, and has no Close.
            .On(TrainingHook.TrainEnd, "nothing to close: each value was appended to its event file and flushed as it was written");
    }
}
