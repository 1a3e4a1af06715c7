using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace Declarative.Training;

/// <summary>Batches of the shapes DataLoaders make, moved to a device (for Fit's <c>device</c>).</summary>
/// <remarks>Used by generated code; not meant to be used directly.</remarks>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static class Batches
{
    /// <summary>A map-style DataLoader's batch, each tensor moved.</summary>
    public static Dictionary<string, Tensor> MoveTo(Dictionary<string, Tensor> batch, Device device) =>
        batch.ToDictionary(entry => entry.Key, entry => entry.Value.to(device));

    /// <summary>A list-style DataLoader's batch, each tensor moved.</summary>
    public static IList<Tensor> MoveTo(IList<Tensor> batch, Device device) => batch.Select(t => t.to(device)).ToList();

    /// <summary>A list of tensors, each moved.</summary>
    public static List<Tensor> MoveTo(List<Tensor> batch, Device device) => batch.Select(t => t.to(device)).ToList();

    /// <summary>A list of tensors, each moved.</summary>
    public static IReadOnlyList<Tensor> MoveTo(IReadOnlyList<Tensor> batch, Device device) => batch.Select(t => t.to(device)).ToList();

    /// <summary>An array of tensors, each moved.</summary>
    public static Tensor[] MoveTo(Tensor[] batch, Device device) => Array.ConvertAll(batch, t => t.to(device));

    /// <summary>The error for a batch type Fit cannot move to a device.</summary>
    public static TrainingConfigurationException CannotMove(string batchType) => new(
        $"Fit was given a device, but its batches ({batchType}) have no way to move there. Give the type a method '{batchType} To(Device device)' " +
        "that returns the batch with its tensors on the device, or make the batches on the device and pass no device.");
}
