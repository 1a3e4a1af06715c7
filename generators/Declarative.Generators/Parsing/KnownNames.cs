namespace Declarative.Generators.Parsing;

/// <summary>Fully qualified names of the types the parser recognises.</summary>
internal static class KnownNames
{
    public const string EarlyStopping = "Declarative.EarlyStoppingAttribute";
    public const string ModelCheckpoint = "Declarative.ModelCheckpointAttribute";
    public const string LearningRateScheduler = "Declarative.LearningRateSchedulerAttribute";
    public const string Accuracy = "Declarative.AccuracyAttribute";
    public const string BinaryAccuracy = "Declarative.BinaryAccuracyAttribute";
    public const string MeanAbsoluteError = "Declarative.MeanAbsoluteErrorAttribute";
    public const string MeanSquaredError = "Declarative.MeanSquaredErrorAttribute";
    public const string Metric = "Declarative.MetricAttribute";

    /// <summary>Attributes on the model class that make it a Declarative model.</summary>
    public static readonly string[] ClassAttributes =
    {
        EarlyStopping, ModelCheckpoint, LearningRateScheduler, Accuracy, BinaryAccuracy, MeanAbsoluteError, MeanSquaredError,
    };

    /// <summary>Attributes on the model's methods that make it a Declarative model.</summary>
    public static readonly string[] MethodAttributes = { Metric };

    public const string Module = "TorchSharp.torch.nn.Module<T, TResult>";
    public const string Tensor = "TorchSharp.torch.Tensor";
}
