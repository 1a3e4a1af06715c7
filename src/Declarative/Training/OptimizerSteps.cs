using System;
using System.IO;
using System.Linq;
using Declarative.Metrics;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Declarative.Training;

/// <summary>
/// When the loop runs backward and steps the optimizer around an automatic training step: gradients accumulated over
/// groups of batches (each loss scaled down, an epoch's last group stepped too, its gradients scaled to its own mean),
/// and clipped before each step. Its state, the group under way and its gradients, goes into backups, so a resumed run
/// continues the group.
/// </summary>
internal sealed class OptimizerSteps
{
    private readonly optim.Optimizer _optimizer;
    private readonly Parameter[] _parameters;
    private readonly ClipGradientsAttribute? _clipping;
    private readonly RunningMean? _gradientNorm;
    private readonly int _groupSize;
    private readonly Scalar? _scale;
    private readonly Action _stepped;
    private int _inGroup;

    // `stepped` is called after each optimizer step (the driver counts it).
    public OptimizerSteps(optim.Optimizer optimizer, nn.Module model, ClipGradientsAttribute? clipping, int groupSize, RunningMean? gradientNorm, Action stepped)
    {
        if (groupSize < 1) throw new ArgumentOutOfRangeException(nameof(groupSize), groupSize, "[AccumulateGradients] counts batches and must be at least 1.");
        _optimizer = optimizer;
        // The optimizer's parameters, which its zero_grad clears and its step updates: a frozen part of the model that
        // still requires grad would otherwise add ever-growing gradients to the clipped norm.
        var optimized = (optimizer.ParamGroups ?? []).OfType<ParamGroup>().SelectMany(group => group.Parameters).ToArray();
        _parameters = optimized.Length > 0 ? optimized : model.parameters().ToArray();
        _clipping = clipping;
        _groupSize = groupSize;
        _gradientNorm = gradientNorm;
        _scale = groupSize > 1 ? (Scalar)(1.0 / groupSize) : null;
        _stepped = stepped;
    }

    /// <summary>Restarts at an epoch's start (a group never spans two epochs).</summary>
    public void BeginEpoch() => _inGroup = 0;

    /// <summary>Backward on a batch's loss, then the optimizer step when its group is complete.</summary>
    public void Backward(Tensor loss)
    {
        if (_inGroup == 0) _optimizer.zero_grad();
        if (_scale is null) loss.backward();
        else loss.mul(_scale).backward();
        if (++_inGroup == _groupSize) Step();
    }

    /// <summary>After an epoch's last batch (or a stop): steps a group left shorter than the others, as the mean of its batches.</summary>
    public void EndEpoch()
    {
        if (_inGroup == 0) return;
        using var scope = NewDisposeScope();
        using (no_grad())
        {
            using Scalar rescale = (double)_groupSize / _inGroup;
            foreach (var parameter in _parameters)
            {
                using var gradient = parameter.grad;
                gradient?.mul_(rescale);
            }
        }

        Step();
    }

    private void Step()
    {
        if (_clipping is { } clipping)
        {
            if (clipping.ByNorm)
            {
                var norm = nn.utils.clip_grad_norm_(_parameters, clipping.MaxNorm, clipping.NormType);
                _gradientNorm?.Add(norm);
            }
            else
            {
                if (_gradientNorm is not null) _gradientNorm.Add(nn.utils.clip_grad_norm_(_parameters, double.PositiveInfinity, 2.0));
                nn.utils.clip_grad_value_(_parameters, clipping.MaxValue);
            }
        }

        _optimizer.step();
        _inGroup = 0;
        _stepped();
    }

    /// <summary>Writes the group under way and its gradients, for a backup.</summary>
    public void SaveState(BinaryWriter writer)
    {
        writer.Write(_inGroup);
        if (_inGroup == 0) return;
        foreach (var parameter in _parameters)
        {
            using var gradient = parameter.grad;
            writer.Write(gradient is not null);
            if (gradient is not null) TensorExtensionMethods.Save(gradient.cpu(), writer);
        }
    }

    /// <summary>Reads back what <see cref="SaveState"/> wrote: the gradients of the group under way are put back.</summary>
    public void LoadState(BinaryReader reader)
    {
        _inGroup = reader.ReadInt32();
        if (_inGroup == 0) return;
        using var noGrad = no_grad();
        foreach (var parameter in _parameters)
        {
            if (!reader.ReadBoolean()) continue;
            var saved = zeros_like(parameter, device: CPU);
            TensorExtensionMethods.Load(saved, reader);
            parameter.grad = saved.to(parameter.device).DetachFromDisposeScope();
        }
    }
}
