using Declarative.Generators.Models;

namespace Declarative.Generators.Emitting;

internal sealed class CsvLoggerEmitter : CallbackEmitter
{
    private readonly CsvLoggerSpec _spec;
    private readonly string _logsType;

    public CsvLoggerEmitter(CsvLoggerSpec spec, string logsType)
    {
        _spec = spec;
        _logsType = logsType;
    }

    public override string Attribute => _spec.Attribute;

    public override void DeclareState(CodeWriter writer)
    {
        writer.Line($"/// <summary>{Code.Xml(_spec.Attribute)}: the file and its columns.</summary>");
        writer.Line($"public global::Declarative.Callbacks.CsvLogger {_spec.Property} {{ get; }} = new({Code.Literal(_spec.FileName)}, separator: {Microsoft.CodeAnalysis.CSharp.SymbolDisplay.FormatLiteral(_spec.Separator, quote: true)}, append: {Code.Literal(_spec.Append)});");
    }

    public override string? Plan(Hook hook) => hook switch
    {
        Hook.TrainBegin => "fail now if its folder cannot be written",
        Hook.EpochEnd => $"write the epoch's row to \"{_spec.FileName}\" and flush it" + (_spec.Append ? " (appending to the file)" : " (the first row replaces the file)"),
        Hook.TrainEnd => "close the file",
        _ => null,
    };

    public override void Emit(Hook hook, CodeWriter writer)
    {
        var state = "_callbacks." + _spec.Property;
        switch (hook)
        {
            case Hook.TrainBegin:
                writer.Line($"session.RequireWritableFolder({Code.Literal(_spec.Attribute)}, {Code.Literal(FolderOf(_spec.FileName))});");
                writer.Line($"{state}.OnTrainBegin<{_logsType}>(session.HasValidation);");
                break;
            case Hook.EpochEnd:
                writer.Line($"{state}.OnEpochEnd(epoch, in logs);");
                break;
            case Hook.TrainEnd:
                writer.Line($"{state}.OnTrainEnd();");
                break;
        }
    }

    public override void EmitSaveState(CodeWriter writer) => SaveSection(writer, _spec.Property);

    public override void EmitLoadState(CodeWriter writer) => LoadSection(writer, _spec.Property);
}
