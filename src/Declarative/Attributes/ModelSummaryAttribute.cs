// Shared by the runtime library and the source generator (linked into both), so it stays netstandard2.0-compatible.
#nullable enable

using System;
using System.Collections.Generic;

namespace Declarative;

/// <summary>
/// Prints the model's summary when training begins (Lightning's <c>ModelSummary</c> callback, Keras's
/// <c>model.summary()</c>): its layers with their types and parameter counts, and the totals, trainable and not, with
/// the memory they take; tied weights counted once. It goes where callbacks print (above a live progress bar), as plain
/// text. The callback: <see cref="Callbacks.ModelSummaryPrinter"/>; the summary itself, on demand:
/// <see cref="ModelSummary.Of"/>.
/// </summary>
/// <example><code>[ModelSummary(MaxDepth = 2)]</code></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ModelSummaryAttribute : Attribute, ICallbackSettings
{
    /// <summary>
    /// The deepest layers listed: 1 for the model's children (the default, as Lightning), 2 for theirs too, -1 for every
    /// layer, 0 for the totals alone.
    /// </summary>
    public int MaxDepth { get; set; } = 1;

    IEnumerable<Setting?> ICallbackSettings.Settings()
    {
        yield return Setting.IfChanged(nameof(MaxDepth), MaxDepth, new ModelSummaryAttribute().MaxDepth);
    }

    IEnumerable<SettingProblem?> ICallbackSettings.Problems()
    {
        yield return SettingProblem.Unless(MaxDepth >= -1, nameof(MaxDepth), MaxDepth, "it is a depth of layers ≥ 0, or -1 for every layer");
    }
}
