// Shared by the runtime library and the source generator (linked into both), so it stays netstandard2.0-compatible.
#nullable enable

namespace Declarative;

/// <summary>The file format a <c>[ModelCheckpoint]</c> writes.</summary>
public enum CheckpointFormat
{
    /// <summary>
    /// TorchSharp's <c>Module.save</c> format, then the optimizers' state (unless weights only), then an integrity record:
    /// loads with <c>Declarative.IO.Checkpoint.Load</c> or <c>model.load(path)</c>. Any extension but <c>.safetensors</c>.
    /// </summary>
    TorchSharp = 0,

    /// <summary>
    /// The safetensors format: the weights only, by PyTorch's <c>state_dict</c> names, which PyTorch loads with
    /// <c>safetensors.torch.load_file</c> and Declarative with <c>Declarative.IO.Safetensors.Load</c>. Needs a file name
    /// ending in <c>.safetensors</c> and <c>SaveWeightsOnly = true</c>.
    /// </summary>
    Safetensors = 1,
}
