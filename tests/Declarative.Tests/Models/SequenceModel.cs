using static TorchSharp.torch;

namespace Declarative.Tests.Models;

/// <summary>
/// A model that is here for its logs type: one metric, <c>value</c>, with no declared direction, so that the callback
/// tests can drive the runtime callbacks with sequences of values in either direction (<c>Mode</c> decides).
/// </summary>
public partial class SequenceModel : nn.Module<Tensor, Tensor>
{
    public SequenceModel() : base(nameof(SequenceModel)) => RegisterComponents();

    public override Tensor forward(Tensor input) => input;

    [Metric]
    private static Tensor Value(Tensor output, Tensor target) => output;
}
