using System.Globalization;
using System.Linq;
using Declarative.Generators.Diagnostics;
using Declarative.Generators.Emitting;
using Declarative.Generators.Helpers;
using Declarative.Generators.Models;

namespace Declarative.Generators.Parsing;

/// <summary>Checks shared by the callbacks' readers.</summary>
internal static class Rules
{
    /// <summary>Reports every setting out of its range (the attribute's own rules, which the runtime applies too) as DCB0015 at its argument; returns whether there were none.</summary>
    public static bool InRange(AttributeReader reader, ReadContext context, ICallbackSettings settings) => InRange(reader, context.Problems, settings);

    /// <inheritdoc cref="InRange(AttributeReader, ReadContext, ICallbackSettings)"/>
    public static bool InRange(AttributeReader reader, ParseContext problems, ICallbackSettings settings)
    {
        var valid = true;
        foreach (var problem in SettingsText.Present(settings.Problems()))
        {
            problems.Report(DiagnosticDescriptors.ValueOutOfRange, () => reader.Location(problem.Setting), problem.Setting, SettingsText.Literal(problem.Value), problem.Reason);
            valid = false;
        }

        return valid;
    }

    /// <summary>The canonical text of the settings, and the settings as C# code for the generated construction.</summary>
    public static (string Description, EquatableArray<SettingCode> Code) Describe(ICallbackSettings settings)
    {
        var present = SettingsText.Present(settings.Settings()).ToList();
        return (SettingsText.Describe(SettingsText.Name(settings), present), present.Select(s => new SettingCode(s.Name, Code.Setting(s), s.IsPositional)).ToEquatableArray());
    }

    /// <summary>Reports DCB0019 at the attribute's first argument when another callback of the model already does the same; returns whether it is unique.</summary>
    public static bool Unique(AttributeReader reader, ReadContext context, bool repeated, string message)
    {
        if (repeated) context.Problems.Report(DiagnosticDescriptors.DuplicateCallback, () => reader.Location(0), message);
        return !repeated;
    }

    /// <summary>Reports DCB0029 when a learning-rate callback names an optimizer that Fit does not get; returns whether it is one.</summary>
    public static bool Optimizer(AttributeReader reader, ReadContext context, string? optimizer)
    {
        if (optimizer is null || context.OptimizerNames.Contains(optimizer)) return true;
        context.Problems.Report(
            DiagnosticDescriptors.UnknownOptimizer,
            () => reader.Location("Optimizer"),
            FixProperties.OfCandidates(Naming.ByCloseness(optimizer, context.OptimizerNames)),
            optimizer,
            string.Join(", ", context.OptimizerNames.Select(n => "'" + n + "'")));
        return false;
    }

    /// <summary>
    /// Reports DCB0030 when a validation value is needed but the model has no way to validate (a training step that
    /// optimizes by hand, and no [ValidationStep]); returns whether validation is possible.
    /// </summary>
    public static bool CanValidate(ReadContext context, string value, System.Func<Microsoft.CodeAnalysis.Location?> where)
    {
        if (context.Step is not { OptimizesItself: true, ValidationMethod: null } step) return true;
        context.Problems.Report(DiagnosticDescriptors.ValidationStepNeeded, where, value, step.TrainMethod);
        return false;
    }

    /// <summary>Checks a plain file or folder path (no placeholders): non-empty, and valid on every system.</summary>
    public static bool Path(AttributeReader reader, ReadContext context, string path)
    {
        if (path.Trim().Length == 0)
        {
            context.Problems.Report(DiagnosticDescriptors.InvalidFilePath, () => reader.Location(0), path, "it is empty");
            return false;
        }

        if (InvalidCharacter(path, atStart: true) is not int at) return true;
        context.Problems.Report(DiagnosticDescriptors.InvalidFilePath, () => reader.Location(0, at, 1), path, $"'{Printable(path[at])}' is not allowed in file names on every system");
        return false;
    }

    /// <summary>
    /// The first character that some file system rejects (Windows is the strictest), or that C# reads as a line break
    /// (the path appears in the generated file's comments), if any.
    /// </summary>
    public static int? InvalidCharacter(string text, bool atStart)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var driveColon = c == ':' && atStart && i == 1 && char.IsLetter(text[0]);
            if (NotPrintable(c) || c == '<' || c == '>' || c == '"' || c == '|' || c == '?' || c == '*' || (c == ':' && !driveColon)) return i;
        }

        return null;
    }

    public static string Printable(char c) => NotPrintable(c) ? "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture) : c.ToString();

    // Control characters, and the two line separators that C# also ends a line at.
    private static bool NotPrintable(char c) => char.IsControl(c) || c is '\u2028' or '\u2029';

    public static string Literal(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Warns that a negative MinDelta is used as its absolute value, as in Keras.</summary>
    public static void MinDelta(AttributeReader reader, ReadContext context, double minDelta)
    {
        if (minDelta < 0) context.Problems.Report(DiagnosticDescriptors.NegativeMinDelta, () => reader.Location("MinDelta"), Literal(minDelta), Literal(-minDelta));
    }

    /// <summary>"1 epoch", "5 epochs", "2 batches".</summary>
    public static string Counted(int count, string unit) => count == 1 ? "1 " + unit : $"{count} {(unit == "batch" ? "batches" : unit + "s")}";
}
