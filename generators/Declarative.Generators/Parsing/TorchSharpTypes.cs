using Microsoft.CodeAnalysis;

namespace Declarative.Generators.Parsing;

/// <summary>
/// Recognises TorchSharp's types by the shape of their symbols (name and containers), without formatting them: the
/// parser asks this for every parameter and base type it looks at, on every compilation.
/// </summary>
internal static class TorchSharpTypes
{
    /// <summary><c>TorchSharp.torch.Tensor</c> (nullable or not).</summary>
    public static bool IsTensor(ITypeSymbol? type) => type is INamedTypeSymbol { Name: "Tensor" } named && InTorch(named.ContainingType);

    /// <summary><c>TorchSharp.torch.Tensor</c>, not annotated nullable.</summary>
    public static bool IsNonNullTensor(ITypeSymbol? type) => IsTensor(type) && type!.NullableAnnotation != NullableAnnotation.Annotated;

    /// <summary><c>TorchSharp.torch.Device</c>.</summary>
    public static bool IsDevice(ITypeSymbol? type) => type is INamedTypeSymbol { Name: "Device" } named && InTorch(named.ContainingType);

    /// <summary>A generic form of <c>TorchSharp.torch.nn.Module&lt;..., TResult&gt;</c>.</summary>
    public static bool IsGenericModule(INamedTypeSymbol type) =>
        type is { Name: "Module", IsGenericType: true, ContainingType: { Name: "nn" } nn } && InTorch(nn.ContainingType);

    /// <summary><c>TorchSharp.torch.nn.Module</c> or a type derived from it (a layer).</summary>
    public static bool IsModule(ITypeSymbol? type)
    {
        for (var current = type as INamedTypeSymbol; current is not null; current = current.BaseType)
        {
            if (current is { Name: "Module", ContainingType: { Name: "nn" } nn } && InTorch(nn.ContainingType)) return true;
        }

        return false;
    }

    /// <summary><c>TorchSharp.torch.optim.Optimizer</c> or a type derived from it.</summary>
    public static bool IsOptimizer(ITypeSymbol? type)
    {
        for (var current = type as INamedTypeSymbol; current is not null; current = current.BaseType)
        {
            if (current is { Name: "Optimizer", ContainingType: { Name: "optim" } optim } && InTorch(optim.ContainingType)) return true;
        }

        return false;
    }

    private static bool InTorch(INamedTypeSymbol? type) =>
        type is { Name: "torch", ContainingType: null, ContainingNamespace: { Name: "TorchSharp", ContainingNamespace.IsGlobalNamespace: true } };
}
