using System;
using System.Globalization;
using Microsoft.CodeAnalysis.CSharp;

namespace Declarative.Generators.Emitting;

/// <summary>Literals and names as they appear in emitted C#.</summary>
internal static class Code
{
    /// <summary>The package's version (from this assembly), so that generated code says which release wrote it.</summary>
    public static readonly string Version = typeof(Code).Assembly.GetName().Version!.ToString(3);

    public static readonly string GeneratedCode = "[global::System.CodeDom.Compiler.GeneratedCode(\"Declarative.Generators\", \"" + Version + "\")]";

    /// <summary>Hides a member from IntelliSense: the virtual cores behind Fit, Evaluate and Predict.</summary>
    public const string EditorHidden = "[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]";

    public static string Literal(double value)
    {
        if (double.IsNaN(value)) return "double.NaN";
        if (double.IsPositiveInfinity(value)) return "double.PositiveInfinity";
        if (double.IsNegativeInfinity(value)) return "double.NegativeInfinity";
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.IndexOf('.') >= 0 || text.IndexOf('E') >= 0 ? text : text + ".0";
    }

    public static string Literal(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Literal(bool value) => value ? "true" : "false";

    public static string Literal(string value) => SymbolDisplay.FormatLiteral(value, quote: true);

    /// <summary>A setting's value as C# code: literals as the compiler reads them, enums qualified, <c>nameof</c> as its string.</summary>
    public static string Setting(Declarative.Setting setting) => setting.Value switch
    {
        _ when setting.Form == SettingForm.TypeOf => "typeof(global::" + setting.Value + ")",
        string text => Literal(text),
        char character => SymbolDisplay.FormatLiteral(character, quote: true),
        double number => Literal(number),
        int number => Literal(number),
        long number => number.ToString(CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        Enum member => "global::" + member.GetType().FullName + "." + member,
        _ => throw new ArgumentException($"Settings of type {setting.Value?.GetType().Name ?? "null"} are not supported.", nameof(setting)),
    };

    /// <summary>Text for an XML doc comment.</summary>
    /// <summary>A fully qualified type as a person writes it in a comment: <c>(Tensor Input, Tensor Target)</c>.</summary>
    public static string Readable(string type) => System.Text.RegularExpressions.Regex.Replace(type, @"global::(?:\w+\.)*(\w+)", "$1");

    public static string Xml(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    public static string Direction(MetricDirection direction) => "global::Declarative.MetricDirection." + direction;
}
