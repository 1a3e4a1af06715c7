// Shared by the runtime library and the source generator (linked into both), so it stays netstandard2.0-compatible.
#nullable enable

using System;
using System.Collections.Generic;
using System.Linq;

namespace Declarative;

/// <summary>
/// Steps a TorchSharp learning-rate scheduler (<c>torch.optim.lr_scheduler</c>: StepLR, ExponentialLR, CosineAnnealingLR,
/// LambdaLR, ...) made by a static method of the model, once per epoch (by default, as Lightning does) or once per
/// optimizer step (<c>Interval = ScheduleInterval.Step</c>). The callback: <see cref="Callbacks.TorchScheduler"/>.
/// </summary>
/// <remarks>
/// <para>The method is <c>static LRScheduler Create(Optimizer optimizer)</c>; it is called at train begin for each
/// optimizer whose rate the callback sets, after the optimizer's rates are put back to its initial ones.</para>
/// <para>TorchSharp's schedulers keep no <c>state_dict</c>: the number of times the scheduler was stepped is what a
/// backup keeps, and a resumed run makes the scheduler again and steps it that many times, so its rates are exactly an
/// uninterrupted run's. A <c>ReduceLROnPlateau</c> scheduler steps on a metric: use <see cref="ReduceLROnPlateauAttribute"/>.</para>
/// </remarks>
/// <example><code>[TorchScheduler(nameof(CreateScheduler), Interval = ScheduleInterval.Step)]</code></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class TorchSchedulerAttribute : ScheduleAttribute, ICallbackSettings
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="factoryMethod">The name of a static method of the model that makes the scheduler for an optimizer; use <c>nameof</c>.</param>
    public TorchSchedulerAttribute(string factoryMethod)
        : base(ScheduleInterval.Epoch) => FactoryMethod = factoryMethod;

    /// <summary>The name of the static method that makes the scheduler.</summary>
    public string FactoryMethod { get; }

    IEnumerable<Setting?> ICallbackSettings.Settings() =>
        new Setting?[] { Setting.Positional(nameof(FactoryMethod), FactoryMethod, SettingForm.NameOf) }.Concat(SharedSettings(ScheduleInterval.Epoch));

    IEnumerable<SettingProblem?> ICallbackSettings.Problems() => SharedProblems();
}
