using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Declarative.Callbacks;
using Declarative.Training;
using static TorchSharp.torch;

namespace Declarative.IO;

/// <summary>
/// What a <c>[ModelCheckpoint]</c> with <c>Format = CheckpointFormat.Safetensors</c> writes: the weights a user deploys
/// (with weight averaging, the average once it has an update, as Lightning's checkpoints hold it; else the model's),
/// by their <c>state_dict</c> names, and in <c>__metadata__</c> where the run was, the monitored value, which weights
/// they are, and the data's SHA-256 (the integrity a TorchSharp checkpoint keeps in a trailer, which PyTorch's loader
/// would refuse: it allows no bytes after the data).
/// </summary>
internal static class SafetensorsCheckpoint
{
    /// <summary>The metadata key that says which weights the file holds: <c>model</c>, or the averaging callback's name.</summary>
    public const string WeightsKey = "weights";

    /// <summary>Captures the file's content on the training thread.</summary>
    /// <param name="session">The run.</param>
    /// <param name="epoch">The 0-based epoch (written 1-based, as file names write it).</param>
    /// <param name="batch">The 0-based batch of a save within an epoch (written 1-based), or null at an epoch end.</param>
    /// <param name="monitor">The monitored value's name, or null.</param>
    /// <param name="value">The monitored value, or NaN when it is not known at this save.</param>
    public static SafetensorsContent Capture(TrainingSession session, int epoch, int? batch, string? monitor, double value)
    {
        var metadata = new Dictionary<string, string>
        {
            ["format"] = "pt",
            ["epoch"] = (epoch + 1).ToString(CultureInfo.InvariantCulture),
            ["step"] = session.Steps.ToString(CultureInfo.InvariantCulture),
        };
        if (batch is { } b) metadata["batch"] = (b + 1).ToString(CultureInfo.InvariantCulture);
        if (monitor is not null && !double.IsNaN(value))
        {
            metadata["monitor"] = monitor;
            metadata[monitor] = value.ToString("R", CultureInfo.InvariantCulture);
        }

        var keeper = session.State.WeightKeepers.OfType<IKeepsWeightAverage>().FirstOrDefault(k => k.Average.Count > 0);
        if (keeper is null)
        {
            metadata[WeightsKey] = "model";
            return SafetensorsContent.Capture(session.Model.state_dict(), metadata, hashData: true);
        }

        metadata[WeightsKey] = keeper.GetType().Name;
        var averaged = keeper.Average.ToStateDictionary();
        try
        {
            return SafetensorsContent.Capture(averaged, metadata, hashData: true);
        }
        finally
        {
            foreach (var tensor in averaged.Values) tensor.Dispose();
        }
    }
}
