using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using static TorchSharp.torch;

namespace Declarative.IO;

/// <summary>
/// Reads and writes the safetensors format (Hugging Face's; what <c>safetensors.torch.save_file</c> and
/// <c>load_file</c> read and write), so that weights go between TorchSharp and PyTorch with the names of PyTorch's
/// <c>state_dict</c>: TorchSharp names a module's parameters and buffers by its fields joined with dots, as PyTorch does.
/// </summary>
/// <remarks>
/// <para>A file holds tensors only: no optimizer state, no code. Every TorchSharp element type has a safetensors dtype
/// but complex numbers. Files are written atomically (see <see cref="AtomicFile"/>), in the reference
/// implementation's layout and order (tensors by descending dtype, then by name; the header padded to 8 bytes).</para>
/// <para>Loading copies each tensor into the parameter or buffer of the same name, on that tensor's device and in its
/// element type (a <c>BF16</c> file loads into a <c>float32</c> model, as with PyTorch's <c>load_state_dict</c>), and
/// changes nothing when the file does not fit.</para>
/// </remarks>
public static class Safetensors
{
    /// <summary>The file extension tools expect of a safetensors file.</summary>
    public const string Extension = ".safetensors";

    /// <summary>Writes a module's parameters and buffers (its <c>state_dict</c>), from any device, as a safetensors file.</summary>
    /// <param name="path">The file to create or replace (written atomically).</param>
    /// <param name="module">The module whose state is saved.</param>
    /// <param name="metadata">The file's <c>__metadata__</c> (strings only), or null for none.</param>
    /// <exception cref="NotSupportedException">A tensor has a type the format has no dtype for (complex numbers).</exception>
    public static void Save(string path, nn.Module module, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        Save(path, module.state_dict(), metadata);
    }

    /// <summary>Writes tensors by name, from any device, as a safetensors file.</summary>
    /// <param name="path">The file to create or replace (written atomically).</param>
    /// <param name="tensors">The tensors by name.</param>
    /// <param name="metadata">The file's <c>__metadata__</c> (strings only), or null for none.</param>
    /// <exception cref="NotSupportedException">A tensor has a type the format has no dtype for (complex numbers).</exception>
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var content = SafetensorsContent.Capture(tensors, metadata);
        AtomicFile.Write(path, content.WriteTo);
    }

    /// <summary>
    /// Loads a safetensors file into a module's parameters and buffers by their <c>state_dict</c> names, each copied to
    /// that tensor's device and element type. Nothing is changed when the file does not fit.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="module">The module to load into.</param>
    /// <param name="strict">
    /// True (the default): every tensor of the module must be in the file and every tensor of the file in the module.
    /// False: the tensors both have are loaded, and the others' names are returned. A tensor whose shape differs is refused
    /// either way, as PyTorch's <c>load_state_dict</c> does.
    /// </param>
    /// <returns>The names the module has and the file lacks, those the file has and the module lacks, and the file's metadata.</returns>
    /// <exception cref="InvalidDataException">
    /// The file is not a valid safetensors file, or its data does not match the SHA-256 its metadata records, or a tensor's
    /// shape differs from the module's, or (strict) a tensor is missing or unexpected; the message names each.
    /// </exception>
    public static SafetensorsLoadResult Load(string path, nn.Module module, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(module);
        using var stream = File.OpenRead(path);
        var header = SafetensorsHeader.Read(path, stream);
        var targets = module.state_dict();
        var inFile = header.Entries.Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        var missing = targets.Keys.Where(name => !inFile.Contains(name)).ToArray();
        var unexpected = header.Entries.Where(e => !targets.ContainsKey(e.Name)).Select(e => e.Name).ToArray();
        var misShaped = header.Entries.Where(e => targets.TryGetValue(e.Name, out var target) && !target.shape.SequenceEqual(e.Shape)).ToArray();
        if (misShaped.Length > 0 || (strict && (missing.Length > 0 || unexpected.Length > 0)))
            throw new InvalidDataException(Mismatch(path, module, targets, missing, unexpected, misShaped, strict));

        VerifyData(path, stream, header);
        using (no_grad())
        {
            foreach (var entry in header.Entries.Where(e => targets.ContainsKey(e.Name)))
            {
                using var source = ReadTensor(stream, header, entry);
                targets[entry.Name].copy_(source);
            }
        }

        return new SafetensorsLoadResult(missing, unexpected, header.Metadata);
    }

    /// <summary>Reads every tensor of a safetensors file, on the CPU, by name in the order of the file's data; the caller owns them.</summary>
    /// <exception cref="InvalidDataException">The file is not a valid safetensors file, or its data does not match the SHA-256 its metadata records.</exception>
    public static Dictionary<string, Tensor> ReadTensors(string path)
    {
        using var stream = File.OpenRead(path);
        var header = SafetensorsHeader.Read(path, stream);
        VerifyData(path, stream, header);
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var entry in header.Entries) tensors[entry.Name] = ReadTensor(stream, header, entry);
        return tensors;
    }

    /// <summary>Reads a safetensors file's <c>__metadata__</c> (empty when it has none), checking the file's layout but not reading its tensors.</summary>
    /// <exception cref="InvalidDataException">The file is not a valid safetensors file.</exception>
    public static IReadOnlyDictionary<string, string> ReadMetadata(string path)
    {
        using var stream = File.OpenRead(path);
        return SafetensorsHeader.Read(path, stream).Metadata;
    }

    private static Tensor ReadTensor(Stream stream, SafetensorsHeader header, SafetensorsEntry entry)
    {
        var tensor = empty(entry.Shape, entry.Dtype.Type);
        if (entry.End == entry.Begin) return tensor;
        var bytes = new byte[entry.End - entry.Begin];
        stream.Position = header.DataStart + entry.Begin;
        stream.ReadExactly(bytes);
        tensor.bytes = bytes;
        return tensor;
    }

    // A file whose metadata records its data's SHA-256 (ModelCheckpoint's) is checked against it before anything loads.
    private static void VerifyData(string path, Stream stream, SafetensorsHeader header)
    {
        if (!header.Metadata.TryGetValue(SafetensorsContent.DataHashKey, out var recorded)) return;
        stream.Position = header.DataStart;
        var actual = Convert.ToHexString(SHA256.HashData(stream)).ToLowerInvariant();
        if (actual != recorded)
            throw new InvalidDataException($"'{path}' is damaged: its tensors' data does not match the SHA-256 its metadata records ({SafetensorsContent.DataHashKey}); a byte changed on disk or in a copy. Load another checkpoint.");
    }

    private static string Mismatch(string path, nn.Module module, Dictionary<string, Tensor> targets, string[] missing, string[] unexpected, SafetensorsEntry[] misShaped, bool strict)
    {
        var lines = new List<string> { $"'{path}' does not fit {module.GetType().Name}:" };
        if (strict && missing.Length > 0) lines.Add($"  missing from the file ({missing.Length}): {string.Join(", ", missing)}");
        if (strict && unexpected.Length > 0) lines.Add($"  not in the model ({unexpected.Length}): {string.Join(", ", unexpected)}");
        foreach (var entry in misShaped)
            lines.Add($"  '{entry.Name}' is [{string.Join(", ", entry.Shape)}] in the file and [{string.Join(", ", targets[entry.Name].shape)}] in the model");
        if (strict && (missing.Length > 0 || unexpected.Length > 0))
        {
            lines.Add("Names are PyTorch's state_dict names: a module's fields joined with dots (\"0.weight\" in a Sequential, \"encoder.fc.bias\" in a field 'encoder'). " +
                      "Give the model the structure and field names of the one that saved the file, or pass strict: false to load the tensors both have and get the others' names back.");
        }

        if (misShaped.Length > 0)
        {
            lines.Add("A tensor of another shape belongs to another architecture (a layer of another size) and is never loaded, strict or not, as with PyTorch. " +
                      "Make the layer the file's size, or read the file with Safetensors.ReadTensors, drop those names, and load the rest with module.load_state_dict(tensors, strict: false).");
        }

        return string.Join(Environment.NewLine, lines);
    }
}
