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

    /// <summary><c>TorchSharp.torch.optim.Optimizer</c> itself (what a run hands a scheduler's factory).</summary>
    public static bool IsOptimizerBase(ITypeSymbol? type) =>
        type is INamedTypeSymbol { Name: "Optimizer", ContainingType: { Name: "optim" } optim } && InTorch(optim.ContainingType);

    /// <summary><c>TorchSharp.torch.optim.lr_scheduler.LRScheduler</c> or a type derived from it.</summary>
    public static bool IsScheduler(ITypeSymbol? type) => DerivesFromScheduler(type, "LRScheduler", inImpl: false);

    /// <summary><c>TorchSharp.torch.optim.lr_scheduler.impl.ReduceLROnPlateau</c> or a type derived from it (a scheduler stepped on a metric).</summary>
    public static bool IsPlateauScheduler(ITypeSymbol? type) => DerivesFromScheduler(type, "ReduceLROnPlateau", inImpl: true);

    private static bool DerivesFromScheduler(ITypeSymbol? type, string name, bool inImpl)
    {
        for (var current = type as INamedTypeSymbol; current is not null; current = current.BaseType)
        {
            var container = inImpl ? current.ContainingType is { Name: "impl" } impl ? impl.ContainingType : null : current.ContainingType;
            if (current.Name == name && container is { Name: "lr_scheduler", ContainingType: { Name: "optim" } optim } && InTorch(optim.ContainingType)) return true;
        }

        return false;
    }

    private static bool InTorch(INamedTypeSymbol? type) =>
        type is { Name: "torch", ContainingType: null, ContainingNamespace: { Name: "TorchSharp", ContainingNamespace.IsGlobalNamespace: true } };
}
