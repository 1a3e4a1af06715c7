using System;

namespace Declarative;

/// <summary>
/// Reduces the learning rate when a metric has stopped improving (Keras's <c>ReduceLROnPlateau</c>): after
/// <see cref="Patience"/> epochs without improvement the rate becomes <c>max(rate × Factor, MinLearningRate)</c>,
/// then <see cref="Cooldown"/> epochs pass before counting again. Logic: <see cref="Callbacks.ReduceLROnPlateau"/>.
/// </summary>
/// <remarks>Keras's defaults, including <c>MinDelta = 1e-4</c> (EarlyStopping's is 0). Cannot be combined with a LearningRateScheduler.</remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ReduceLROnPlateauAttribute : Attribute
{
    /// <summary>The metric to monitor. Default <c>val_loss</c>.</summary>
    public string Monitor { get; set; } = "val_loss";

    /// <summary>The factor the rate is multiplied by, between 0 and 1. Default 0.1.</summary>
    public double Factor { get; set; } = 0.1;

    /// <summary>Epochs without improvement before a reduction (0 behaves like 1). Default 10.</summary>
    public int Patience { get; set; } = 10;

    /// <summary>Whether smaller or larger is better; Auto takes it from the metric's declaration.</summary>
    public MonitorMode Mode { get; set; }

    /// <summary>The smallest change that counts as an improvement (absolute value used). Default 1e-4.</summary>
    public double MinDelta { get; set; } = 1e-4;

    /// <summary>Epochs after a reduction during which non-improvement is ignored. Default 0.</summary>
    public int Cooldown { get; set; }

    /// <summary>The lowest learning rate. Default 0.</summary>
    public double MinLearningRate { get; set; }

    /// <summary>Print each reduction.</summary>
    public bool Verbose { get; set; }
}
