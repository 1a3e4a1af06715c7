using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Declarative.Tests.Models;

/// <summary>
/// A base model: a metric, a checkpoint every epoch and a hook method that its derived models inherit. Its checkpoints go
/// in a folder named after the model trained ({model}), so a derived model's runs never write over its own.
/// </summary>
[Accuracy]
[ModelCheckpoint("checkpoints/{model}/base-{epoch}.bin", SaveWeightsOnly = true)]
public partial class BaseClassifier : nn.Module<Tensor, Tensor>
{
    private readonly Linear _layer = nn.Linear(2, 2);

    public BaseClassifier() : base(nameof(BaseClassifier)) => RegisterComponents();

    public List<int> EpochsSeen { get; } = [];

    public override Tensor forward(Tensor input) => _layer.call(input);

    [OnEpochEnd]
    protected void Record(int epoch) => EpochsSeen.Add(epoch);
}

/// <summary>Derived: adds early stopping on the base's accuracy and a CSV log; keeps the base's metric, checkpoint and hook.</summary>
[EarlyStopping(Monitor = "accuracy", Patience = 1)]
[CsvLogger("{model}/derived.csv")]
public partial class DerivedClassifier : BaseClassifier
{
    public List<int> DerivedEpochsSeen { get; } = [];

    [OnEpochEnd]
    protected void RecordToo(int epoch) => DerivedEpochsSeen.Add(epoch);
}

/// <summary>Derived again, with nothing of its own but a timer: three models' callbacks in one run.</summary>
[Timer("00:01:00:00")]
public sealed partial class TwiceDerivedClassifier : DerivedClassifier
{
}
