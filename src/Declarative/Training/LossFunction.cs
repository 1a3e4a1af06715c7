using System;
using static TorchSharp.torch;

namespace Declarative;

/// <summary>
/// The loss <c>Fit</c> minimises: a TorchSharp loss module (<c>nn.CrossEntropyLoss()</c>, <c>nn.MSELoss()</c>) or a
/// function of (output, target), both converted implicitly. It must return the batch's mean loss (a scalar), as
/// TorchSharp's losses do with their default reduction; the epoch's <c>loss</c> is the sample-weighted mean of those.
/// </summary>
public readonly struct LossFunction
{
    private readonly nn.Module<Tensor, Tensor, Tensor>? _module;
    private readonly Func<Tensor, Tensor, Tensor>? _function;

    private LossFunction(nn.Module<Tensor, Tensor, Tensor>? module, Func<Tensor, Tensor, Tensor>? function)
    {
        _module = module;
        _function = function;
    }

    /// <summary>Whether a loss was given.</summary>
    public bool IsDefined => _module is not null || _function is not null;

    /// <summary>A TorchSharp loss module.</summary>
    public static implicit operator LossFunction(nn.Module<Tensor, Tensor, Tensor> module) =>
        new(module ?? throw new ArgumentNullException(nameof(module)), null);

    /// <summary>A loss function of (output, target).</summary>
    public static implicit operator LossFunction(Func<Tensor, Tensor, Tensor> function) =>
        new(null, function ?? throw new ArgumentNullException(nameof(function)));

    /// <summary>Computes the loss of one batch.</summary>
    public Tensor Compute(Tensor output, Tensor target)
    {
        if (_module is not null) return _module.call(output, target);
        if (_function is not null) return _function(output, target);
        throw new InvalidOperationException("No loss function was given.");
    }
}
