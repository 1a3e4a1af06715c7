using System;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Declarative.Generators.Parsing;

/// <summary>Reads one attribute's arguments and finds the syntax of each, for diagnostics that point at the exact argument.</summary>
internal readonly struct AttributeReader
{
    private static readonly Regex Whitespace = new(@"\s+", RegexOptions.Compiled);

    public AttributeReader(AttributeData data) => Data = data;

    public AttributeData Data { get; }

    /// <summary>Whether the compiler could bind the attribute (half-typed code often cannot); unbound ones are skipped.</summary>
    public bool IsBound =>
        Data.AttributeConstructor is not null
        && Data.ConstructorArguments.All(a => a.Kind != TypedConstantKind.Error)
        && Data.NamedArguments.All(a => a.Value.Kind != TypedConstantKind.Error);

    public bool Has(string name) => Data.NamedArguments.Any(a => a.Key == name);

    public T Get<T>(string name, T fallback)
    {
        foreach (var argument in Data.NamedArguments)
        {
            if (argument.Key == name && argument.Value.Value is { } value) return Convert<T>(value);
        }

        return fallback;
    }

    public T Constructor<T>(int index, T fallback) =>
        index < Data.ConstructorArguments.Length && Data.ConstructorArguments[index].Value is { } value ? Convert<T>(value) : fallback;

    /// <summary>The attribute as written, on one line (<c>[EarlyStopping(Monitor = "val_loss")]</c>).</summary>
    public string Text(System.Threading.CancellationToken cancellationToken)
    {
        var syntax = Data.ApplicationSyntaxReference?.GetSyntax(cancellationToken);
        var text = syntax is null ? Data.AttributeClass?.Name ?? "?" : Whitespace.Replace(syntax.ToString(), " ");
        return "[" + text + "]";
    }

    /// <summary>The location of a named argument's value, else of the attribute.</summary>
    public Location? Location(string name)
    {
        var syntax = Syntax();
        var argument = syntax?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name);
        return argument?.Expression.GetLocation() ?? syntax?.GetLocation();
    }

    /// <summary>The location of a positional argument's value, else of the attribute.</summary>
    public Location? Location(int index)
    {
        var syntax = Syntax();
        var positional = syntax?.ArgumentList?.Arguments.Where(a => a.NameEquals is null && a.NameColon is null).ToList();
        return positional is not null && index < positional.Count ? positional[index].Expression.GetLocation() : syntax?.GetLocation();
    }

    /// <summary>The location of a piece of a string-literal argument (a placeholder in a file name), else of the whole argument.</summary>
    public Location? Location(int index, int offset, int length)
    {
        var syntax = Syntax();
        var positional = syntax?.ArgumentList?.Arguments.Where(a => a.NameEquals is null && a.NameColon is null).ToList();
        if (positional is null || index >= positional.Count) return syntax?.GetLocation();
        var expression = positional[index].Expression;
        if (expression is LiteralExpressionSyntax literal && literal.Token.Text.Length == literal.Token.ValueText.Length + 2)
        {
            // A plain literal without escapes: the value's characters map one-to-one after the opening quote.
            var start = literal.Token.SpanStart + 1 + offset;
            return Microsoft.CodeAnalysis.Location.Create(literal.SyntaxTree, new Microsoft.CodeAnalysis.Text.TextSpan(start, Math.Max(length, 1)));
        }

        return expression.GetLocation();
    }

    private AttributeSyntax? Syntax() => Data.ApplicationSyntaxReference?.GetSyntax() as AttributeSyntax;

    private static T Convert<T>(object value)
    {
        if (value is T typed) return typed;
        return (T)System.Convert.ChangeType(value, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }
}
