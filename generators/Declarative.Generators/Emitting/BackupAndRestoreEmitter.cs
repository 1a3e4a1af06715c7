using Declarative.Generators.Models;

namespace Declarative.Generators.Emitting;

/// <summary>
/// The <c>[BackupAndRestore]</c> callback: its object on the model, and the train-begin check of its folder. The training
/// loop restores and writes the backups (it owns the position, the weights and the optimizer); the dispatcher's
/// <c>SaveState</c>/<c>LoadState</c> contribute every callback's state.
/// </summary>
internal sealed class BackupAndRestoreEmitter : CallbackEmitter
{
    private readonly BackupAndRestoreSpec _spec;

    public BackupAndRestoreEmitter(BackupAndRestoreSpec spec) => _spec = spec;

    public override string Attribute => _spec.Attribute;

    public override void DeclareState(CodeWriter writer)
    {
        writer.Line($"/// <summary>{Code.Xml(_spec.Attribute)}: where backups go, and the last one written or restored.</summary>");
        writer.Line($"public global::Declarative.Callbacks.BackupAndRestore {_spec.Property} {{ get; }} = new(");
        writer.Line($"    {Code.Literal(_spec.Directory)},");
        writer.Line($"    saveFrequency: {Code.Literal(_spec.SaveFrequency)},");
        writer.Line($"    keepPreviousGeneration: {Code.Literal(_spec.KeepPreviousGeneration)},");
        writer.Line($"    deleteOnCompletion: {Code.Literal(_spec.DeleteOnCompletion)},");
        writer.Line($"    allowConfigurationChange: {Code.Literal(_spec.AllowConfigurationChange)});");
    }

    public override string? Plan(Hook hook) =>
        hook == Hook.TrainBegin ? $"fail now if \"{_spec.Directory}\" cannot be written; then Fit resumes from its latest intact backup, if any" : null;

    public override void Emit(Hook hook, CodeWriter writer)
    {
        if (hook == Hook.TrainBegin) writer.Line($"session.RequireWritableFolder({Code.Literal(_spec.Attribute)}, {Code.Literal(_spec.Directory)});");
    }

    /// <summary>What the training loop does with it, for the plan.</summary>
    public string LoopPlan => _spec.SaveFrequency > 0
        ? $"every {Counted(_spec.SaveFrequency, "batch")} (after the batch's hooks), and when training is cancelled: back up the whole state to \"{_spec.Directory}\""
        : $"after History, and when training is cancelled: back up the whole state to \"{_spec.Directory}\"";

    public bool BacksUpBatches => _spec.SaveFrequency > 0;
}
