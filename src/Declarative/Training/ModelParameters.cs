using System.Collections.Generic;
using System.Linq;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.optim;

namespace Declarative.Training;

/// <summary>
/// The check that training can change the model at all: the model has parameters, and the optimizers hold some of
/// them. A module that never calls <c>RegisterComponents()</c> has none, and a run over it would train nothing, with a
/// constant loss that early stopping then "stops".
/// </summary>
internal static class ModelParameters
{
    public static void Check(nn.Module model, IReadOnlyList<(string Name, Optimizer Optimizer)> optimizers)
    {
        var own = model.parameters().Select(p => p.Handle).ToHashSet();
        if (own.Count == 0)
        {
            throw new TrainingConfigurationException(
                $"{model.GetType().Name} has no parameters, so training would change nothing. If it has layers, call RegisterComponents() at the end of its " +
                "constructor, after they are created: TorchSharp finds a module's layers and parameters only then.");
        }

        foreach (var (name, optimizer) in optimizers)
        {
            var groups = (optimizer.ParamGroups ?? []).OfType<ParamGroup>().ToList();
            if (groups.Count == 0) continue; // an optimizer that does not expose its parameters cannot be checked
            if (!groups.SelectMany(g => g.Parameters).Any(p => own.Contains(p.Handle)))
            {
                throw new TrainingConfigurationException(
                    $"The {(optimizers.Count == 1 ? "" : $"'{name}' ")}optimizer holds none of {model.GetType().Name}'s parameters, so it would train nothing. " +
                    "Create it from model.parameters() (or a part of the model's) after the model's constructor has called RegisterComponents(), and after moving the model to its device.");
            }
        }
    }
}
