using System;
using System.Linq;
using static TorchSharp.torch;

namespace Declarative.IO;

/// <summary>
/// The safetensors dtypes TorchSharp has, with the size of an element and their rank in the reference implementation's
/// order (which sorts a file's tensors by descending rank, then by name, so that larger elements come first).
/// </summary>
internal sealed record SafetensorsDtype(string Code, ScalarType Type, int Size, int Rank)
{
    // The reference's order is BOOL, U8, I8, F8_E5M2, F8_E4M3, I16, U16, F16, BF16, I32, U32, F32, F64, I64, U64.
    private static readonly SafetensorsDtype[] All =
    [
        new("BOOL", ScalarType.Bool, 1, 0),
        new("U8", ScalarType.Byte, 1, 1),
        new("I8", ScalarType.Int8, 1, 2),
        new("I16", ScalarType.Int16, 2, 5),
        new("F16", ScalarType.Float16, 2, 7),
        new("BF16", ScalarType.BFloat16, 2, 8),
        new("I32", ScalarType.Int32, 4, 9),
        new("F32", ScalarType.Float32, 4, 11),
        new("F64", ScalarType.Float64, 8, 12),
        new("I64", ScalarType.Int64, 8, 13),
    ];

    // Dtypes of the format that TorchSharp cannot hold.
    private static readonly string[] WithoutTorchSharpType = ["F8_E5M2", "F8_E4M3", "U16", "U32", "U64"];

    /// <summary>The safetensors dtype of a TorchSharp tensor's element type.</summary>
    /// <exception cref="NotSupportedException">The type has no safetensors dtype (complex numbers, quantized types).</exception>
    public static SafetensorsDtype Of(ScalarType type, string tensor) =>
        All.FirstOrDefault(d => d.Type == type) ?? throw new NotSupportedException(
            $"'{tensor}' is {type}, which the safetensors format has no dtype for (it has {string.Join(", ", All.Select(d => d.Type))}). " +
            (type is ScalarType.ComplexFloat32 or ScalarType.ComplexFloat64
                ? "Save a complex tensor as its real and imaginary parts (torch.view_as_real) under names of your own."
                : "Convert it to one of those types before saving."));

    /// <summary>The dtype a file names, or null with the reason when it is unknown or TorchSharp has no such type.</summary>
    public static SafetensorsDtype? Parse(string code, out string? problem)
    {
        problem = null;
        if (All.FirstOrDefault(d => d.Code == code) is { } dtype) return dtype;
        problem = WithoutTorchSharpType.Contains(code)
            ? $"dtype \"{code}\", which TorchSharp has no type for"
            : $"the unknown dtype \"{code}\" (the format's are BOOL, U8, I8, I16, U16, F16, BF16, I32, U32, F32, F64, I64, U64, F8_E5M2, F8_E4M3)";
        return null;
    }
}
