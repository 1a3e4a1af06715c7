using System.Collections.Generic;
using static TorchSharp.torch;

namespace Declarative.IO;

/// <summary>What <see cref="Safetensors.Load(string, nn.Module, bool)"/> loaded.</summary>
/// <param name="MissingNames">The module's tensors the file did not have (left as they were); empty with a strict load.</param>
/// <param name="UnexpectedNames">The file's tensors the module does not have (not loaded); empty with a strict load.</param>
/// <param name="Metadata">The file's <c>__metadata__</c> (empty when it has none).</param>
public sealed record SafetensorsLoadResult(IReadOnlyList<string> MissingNames, IReadOnlyList<string> UnexpectedNames, IReadOnlyDictionary<string, string> Metadata);
