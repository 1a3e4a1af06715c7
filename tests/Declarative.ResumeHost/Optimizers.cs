using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Declarative.ResumeHost;

/// <summary>
/// Every optimizer of TorchSharp's <c>torch.optim</c> that Fit drives (all but LBFGS), each with the options that give it
/// state on (momentum, Nesterov, a centered RMSprop, AMSGrad, ...), by a name tests and the host's
/// <c>--optimizer</c> take: a resumed run must restore each one's state exactly.
/// </summary>
public static class Optimizers
{
    private static readonly Dictionary<string, Func<IEnumerable<Parameter>, optim.Optimizer>> All = new()
    {
        ["sgd-momentum"] = p => optim.SGD(p, 0.05, momentum: 0.9, dampening: 0.1, weight_decay: 1e-4),
        ["sgd-nesterov"] = p => optim.SGD(p, 0.05, momentum: 0.9, nesterov: true),
        ["rmsprop-centered-momentum"] = p => optim.RMSProp(p, 0.005, momentum: 0.9, centered: true),
        ["adam-amsgrad"] = p => optim.Adam(p, 0.005, amsgrad: true),
        ["adamw-amsgrad"] = p => optim.AdamW(p, 0.005, amsgrad: true),
        ["adagrad"] = p => optim.Adagrad(p, 0.05, lr_decay: 0.01, initial_accumulator_value: 0.1),
        ["adadelta"] = p => optim.Adadelta(p, 1.0),
        ["adamax"] = p => optim.Adamax(p, 0.005),
        ["asgd"] = p => optim.ASGD(p, 0.05, t0: 2),
        ["nadam"] = p => optim.NAdam(p, 0.005),
        ["radam"] = p => optim.RAdam(p, 0.005),
        ["rprop"] = p => optim.Rprop(p, 0.005),
    };

    /// <summary>The names, in a fixed order.</summary>
    public static IReadOnlyList<string> Names => All.Keys.ToList();

    /// <summary>A new optimizer of <paramref name="name"/> over <paramref name="parameters"/>.</summary>
    public static optim.Optimizer Create(string name, IEnumerable<Parameter> parameters) => All[name](parameters);
}
