using System;
using System.Linq;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Declarative.Callbacks;

/// <summary>
/// Recomputes the running statistics of a model's batch-norm layers from data (PyTorch's <c>swa_utils.update_bn</c>):
/// weights averaged after training never produced the statistics the layers hold, so they are measured again.
/// </summary>
public static class BatchNormStatistics
{
    /// <summary>Whether <paramref name="model"/> (or a module in it) is a batch-norm layer that tracks running statistics.</summary>
    public static bool Has(nn.Module model) => Layers(model).Length > 0;

    /// <summary>
    /// Resets every batch-norm layer's running statistics, then runs <paramref name="forwardPass"/> (the model over the
    /// training data) in train mode without gradients, each layer taking the cumulative average of the batches' statistics
    /// (momentum null), as PyTorch's <c>update_bn</c>; the layers' momentum and the model's mode are put back after.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="forwardPass">Runs the model over the data (see <see cref="Training.TrainingSession.TrainingDataPass"/>).</param>
    /// <returns>Whether the model has batch-norm layers (otherwise nothing runs).</returns>
    public static bool Recompute(nn.Module model, Action forwardPass)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(forwardPass);
        var layers = Layers(model);
        if (layers.Length == 0) return false;
        var momenta = layers.Select(layer => layer.momentum).ToArray();
        var wasTraining = model.training;
        try
        {
            foreach (var layer in layers)
            {
                layer.reset_running_stats();
                layer.momentum = null;
            }

            model.train();
            using var noGrad = no_grad();
            forwardPass();
        }
        finally
        {
            for (var i = 0; i < layers.Length; i++) layers[i].momentum = momenta[i];
            model.train(wasTraining);
        }

        return true;
    }

    private static BatchNorm[] Layers(nn.Module model) =>
        model.modules().Prepend(model).OfType<BatchNorm>().Where(layer => layer.track_running_stats).ToArray();
}
