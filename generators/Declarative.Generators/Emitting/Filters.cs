using Declarative.Generators.Models;
using Declarative.Training;

namespace Declarative.Generators.Emitting;

/// <summary>The conditions and plan text of event filters (<c>Every</c>, <c>FromEpoch</c>) of hooks and user callbacks.</summary>
internal static class Filters
{
    /// <summary>The condition of an epoch-level filter, or null when it always runs.</summary>
    public static string? EpochCondition(FilterSpec filter) => Join(
        filter.FromEpoch > 0 ? $"epoch >= {filter.FromEpoch}" : null,
        filter.EveryEpochs > 1 ? $"(epoch + 1) % {filter.EveryEpochs} == 0" : null);

    /// <summary>The condition of a batch-level filter, or null when it always runs.</summary>
    public static string? BatchCondition(FilterSpec filter) => Join(
        filter.FromEpoch > 0 ? $"_session.Epoch >= {filter.FromEpoch}" : null,
        filter.EveryBatches > 1 ? $"_session.Batches % {filter.EveryBatches} == 0" : null);

    /// <summary>The condition of a filter at a hook that takes <paramref name="kind"/> filters, or null when it always runs.</summary>
    public static string? Condition(FilterSpec filter, HookFilter kind) => kind switch
    {
        HookFilter.Epochs => EpochCondition(filter),
        HookFilter.Batches => BatchCondition(filter),
        _ => null,
    };

    /// <summary>Describes a filter at a hook that takes <paramref name="kind"/> filters, for the plan (" every 5th epoch from epoch 10").</summary>
    public static string Describe(FilterSpec filter, HookFilter kind) => kind == HookFilter.None ? string.Empty : Describe(filter, kind == HookFilter.Batches);

    /// <summary>Describes a filter for the plan (" every 5th epoch from epoch 10").</summary>
    public static string Describe(FilterSpec filter, bool batches)
    {
        var every = batches ? filter.EveryBatches : filter.EveryEpochs;
        var unit = batches ? "batch" : "epoch";
        var text = every > 1 ? $" every {Ordinal(every)} {unit}" : string.Empty;
        return text + (filter.FromEpoch > 0 ? $" from epoch {filter.FromEpoch}" : string.Empty);
    }

    /// <summary>A statement, under its filter's condition when there is one.</summary>
    public static string Guarded(string? condition, string statement) => condition is null ? statement : $"if ({condition}) {statement}";

    private static string Ordinal(int n) => n + (n % 100 is 11 or 12 or 13 ? "th" : (n % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" });

    private static string? Join(string? first, string? second) =>
        first is null ? second : second is null ? first : first + " && " + second;
}
