using System;
using System.Collections.Generic;
using System.IO;
using static TorchSharp.torch;

namespace Declarative.IO;

/// <summary>Safetensors files for any module: <c>model.SaveSafetensors(path)</c>, <c>model.LoadSafetensors(path)</c>.</summary>
public static class SafetensorsModuleExtensions
{
    /// <summary>Writes the module's parameters and buffers as a safetensors file (see <see cref="Safetensors.Save(string, nn.Module, IReadOnlyDictionary{string, string}?)"/>).</summary>
    /// <param name="module">The module whose state is saved.</param>
    /// <param name="path">The file to create or replace (written atomically).</param>
    /// <param name="metadata">The file's <c>__metadata__</c> (strings only), or null for none.</param>
    /// <exception cref="NotSupportedException">A tensor has a type the format has no dtype for (complex numbers).</exception>
    public static void SaveSafetensors(this nn.Module module, string path, IReadOnlyDictionary<string, string>? metadata = null) =>
        Safetensors.Save(path, module, metadata);

    /// <summary>Loads a safetensors file into the module (see <see cref="Safetensors.Load(string, nn.Module, bool)"/>).</summary>
    /// <param name="module">The module to load into.</param>
    /// <param name="path">The file.</param>
    /// <param name="strict">Whether every tensor must be in both; false loads those that are and returns the others' names.</param>
    /// <exception cref="InvalidDataException">The file is not valid, or does not fit the module; the message names each tensor at fault.</exception>
    public static SafetensorsLoadResult LoadSafetensors(this nn.Module module, string path, bool strict = true) =>
        Safetensors.Load(path, module, strict);
}
