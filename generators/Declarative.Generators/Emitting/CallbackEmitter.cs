namespace Declarative.Generators.Emitting;

/// <summary>The events of a training run, in the order they first occur.</summary>
internal enum Hook
{
    TrainBegin,
    EpochBegin,
    TrainBatchBegin,
    TrainBatchEnd,
    EpochEnd,
    TrainEnd,
}

/// <summary>
/// Emits one configured callback: its state object on the model's <c>DeclaredCallbacks</c>, and its part of each hook
/// of the dispatcher, with a one-line description of that part for the plan at the top of the file.
/// </summary>
internal abstract class CallbackEmitter
{
    /// <summary>The attribute as the user wrote it.</summary>
    public abstract string Attribute { get; }

    /// <summary>Declares the callback's state on <c>DeclaredCallbacks</c>.</summary>
    public abstract void DeclareState(CodeWriter writer);

    /// <summary>What the callback does on the hook (for the plan), or null when it does nothing there.</summary>
    public abstract string? Plan(Hook hook);

    /// <summary>Writes the callback's part of the hook (only called when <see cref="Plan"/> is not null).</summary>
    public abstract void Emit(Hook hook, CodeWriter writer);

    /// <summary>Writes the statements that save its per-run state into a backup (in scope: <c>backup</c>, <c>callbacks</c>, <c>model</c>).</summary>
    public virtual void EmitSaveState(CodeWriter writer)
    {
    }

    /// <summary>Writes the statements that restore its per-run state from a backup (same scope).</summary>
    public virtual void EmitLoadState(CodeWriter writer)
    {
    }

    /// <summary>Saves and restores a state object that has SaveState/LoadState, in a section named after its property.</summary>
    protected static void SaveSection(CodeWriter writer, string property) => writer.Line($"backup.Write({Code.Literal(property)}, callbacks.{property}.SaveState);");

    /// <inheritdoc cref="SaveSection"/>
    protected static void LoadSection(CodeWriter writer, string property) => writer.Line($"backup.Read({Code.Literal(property)}, callbacks.{property}.LoadState);");

    /// <summary>The folder a path's file goes to, or the path's fixed part before its first placeholder ("" for the current folder).</summary>
    protected static string FolderOf(string path)
    {
        var end = System.Math.Max(path.LastIndexOf('/'), path.LastIndexOf('\\'));
        return end < 0 ? string.Empty : path.Substring(0, end);
    }

    /// <summary>Whether it keeps state on the model's <c>DeclaredCallbacks</c>.</summary>
    public virtual bool HasState => true;

    /// <summary>Whether its code calls <c>RunningLogs()</c> (reading running values from the device).</summary>
    public virtual bool ReadsRunningLogs => false;

    /// <summary>Whether its code filters on <c>_batches</c>, the count of batches since training began.</summary>
    public virtual bool CountsBatches => false;

    /// <summary>The code that reads a monitored or formatted metric from <c>logs</c> as a double.</summary>
    protected static string Read(string member, bool isValidation) =>
        isValidation ? $"logs.{member}.GetValueOrDefault(double.NaN)" : $"logs.{member}";

    /// <summary>The condition of an epoch-level filter, or null when it always runs.</summary>
    protected static string? EpochCondition(Models.FilterSpec filter) => Join(
        filter.FromEpoch > 0 ? $"epoch >= {filter.FromEpoch}" : null,
        filter.EveryEpochs > 1 ? $"(epoch + 1) % {filter.EveryEpochs} == 0" : null);

    /// <summary>The condition of a batch-level filter, or null when it always runs.</summary>
    protected static string? BatchCondition(Models.FilterSpec filter) => Join(
        filter.FromEpoch > 0 ? $"_session.Epoch >= {filter.FromEpoch}" : null,
        filter.EveryBatches > 1 ? $"_batches % {filter.EveryBatches} == 0" : null);

    /// <summary>Describes a filter for the plan ("every 5th epoch, from epoch 10").</summary>
    protected static string Describe(Models.FilterSpec filter, bool batches)
    {
        var every = batches ? filter.EveryBatches : filter.EveryEpochs;
        var unit = batches ? "batch" : "epoch";
        var text = every > 1 ? $" every {Ordinal(every)} {unit}" : string.Empty;
        return text + (filter.FromEpoch > 0 ? $" from epoch {filter.FromEpoch}" : string.Empty);
    }

    /// <summary>Writes a statement, under its filter's condition when there is one.</summary>
    protected static void Guarded(CodeWriter writer, string? condition, string statement) =>
        writer.Line(condition is null ? statement : $"if ({condition}) {statement}");

    /// <summary>"1 epoch", "5 epochs", "2 batches".</summary>
    protected static string Counted(int count, string unit) => count == 1 ? "1 " + unit : $"{count} {(unit == "batch" ? "batches" : unit + "s")}";

    private static string Ordinal(int n) => n + (n % 100 is 11 or 12 or 13 ? "th" : (n % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" });

    private static string? Join(string? first, string? second) =>
        first is null ? second : second is null ? first : first + " && " + second;
}
