using System.Collections.Generic;
using System.Linq;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.optim;

namespace Declarative.Training;

/// <summary>
/// The check behind Fit's <c>device</c>: the model and the optimizers' parameters must be on the device the batches are
/// moved to. Fit does not move the model itself: TorchSharp's <c>Module.to</c> replaces the parameters, so an optimizer
/// made before the move would go on updating the old ones.
/// </summary>
internal static class Devices
{
    public static void Check(nn.Module model, IReadOnlyList<(string Name, Optimizer Optimizer)> optimizers, Device device)
    {
        if (model.parameters().FirstOrDefault(p => !On(p, device)) is { } stray)
        {
            throw new TrainingConfigurationException(
                $"Fit was given the device {device}, but the model's parameters are on {stray.device}. Move the model first, with model.to({device}), " +
                "and then create the optimizers from its parameters: moving a model replaces its parameters, so an optimizer made before would update the old ones.");
        }

        foreach (var (name, optimizer) in optimizers)
        {
            var parameters = (optimizer.ParamGroups ?? []).OfType<ParamGroup>().SelectMany(group => group.Parameters);
            if (parameters.FirstOrDefault(p => !On(p, device)) is { } elsewhere)
            {
                throw new TrainingConfigurationException(
                    $"Fit was given the device {device}, but the {(optimizers.Count == 1 ? "" : $"'{name}' ")}optimizer's parameters are on {elsewhere.device}. " +
                    "Create the optimizer from the model's parameters after moving the model to the device.");
            }
        }
    }

    private static bool On(Tensor tensor, Device device) =>
        tensor.device.type == device.type && (device.index < 0 || tensor.device.index == device.index || (tensor.device.index < 0 && device.index == 0));
}
