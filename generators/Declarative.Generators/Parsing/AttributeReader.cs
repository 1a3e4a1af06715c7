using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Declarative.Generators.Parsing;

/// <summary>
/// One attribute application: its settings (an instance of the attribute, whose initializers hold the defaults), and
/// the syntax of each argument, for diagnostics that point at the exact argument.
/// </summary>
internal readonly struct AttributeReader
{
    private static readonly ConcurrentDictionary<(Type, string), PropertyInfo?> Properties = new();

    // Each settings type's constructor of each arity, looked up once per process rather than on every compilation.
    private static readonly ConcurrentDictionary<(Type Type, int Arity), (ConstructorInfo Constructor, Type[] Parameters)> Constructors = new();

    public AttributeReader(AttributeData data, ISymbol target)
    {
        Data = data;
        Target = target;
    }

    public AttributeData Data { get; }

    /// <summary>What the attribute is on: the model class, or one of its methods.</summary>
    public ISymbol Target { get; }

    /// <summary>Whether the compiler could bind the attribute (half-typed code often cannot); unbound ones are skipped.</summary>
    public bool IsBound =>
        Data.AttributeConstructor is not null
        && Data.ConstructorArguments.All(a => a.Kind != TypedConstantKind.Error)
        && Data.NamedArguments.All(a => a.Value.Kind != TypedConstantKind.Error);

    public bool Has(string name) => Data.NamedArguments.Any(a => a.Key == name);

    /// <summary>A constructor argument's type (<c>typeof(...)</c>), or null.</summary>
    public ITypeSymbol? TypeArgument(int index) =>
        index < Data.ConstructorArguments.Length ? Data.ConstructorArguments[index].Value as ITypeSymbol : null;

    /// <summary>
    /// The attribute as its callback's settings: an instance made with the constructor arguments, with each named argument
    /// applied to its property. Defaults are what the attribute's own initializers set, so the generator never restates them.
    /// (<c>typeof</c> arguments, which are symbols here, are passed as null; read them with <see cref="TypeArgument"/>.)
    /// </summary>
    public T Settings<T>() where T : Attribute => (T)Settings(typeof(T));

    /// <inheritdoc cref="Settings{T}"/>
    public Attribute Settings(Type type)
    {
        var data = Data;
        var (constructor, parameterTypes) = Constructors.GetOrAdd((type, data.ConstructorArguments.Length), key =>
        {
            var found = key.Type.GetConstructors().Single(c => c.GetParameters().Length == key.Arity);
            return (found, found.GetParameters().Select(p => p.ParameterType).ToArray());
        });
        var arguments = new object?[parameterTypes.Length];
        for (var i = 0; i < arguments.Length; i++) arguments[i] = Value(data.ConstructorArguments[i], parameterTypes[i]);
        var settings = (Attribute)constructor.Invoke(arguments);
        foreach (var argument in data.NamedArguments)
        {
            var property = Properties.GetOrAdd((type, argument.Key), key => key.Item1.GetProperty(key.Item2, BindingFlags.Public | BindingFlags.Instance));
            if (property is { CanWrite: true }) property.SetValue(settings, Value(argument.Value, property.PropertyType));
        }

        return settings;
    }

    /// <summary>
    /// The location of a setting's value: a named argument's, or the constructor argument of that name's (the parameter
    /// <c>maxTime</c> sets <c>MaxTime</c>); else the attribute's.
    /// </summary>
    public Location? Location(string name)
    {
        var syntax = Syntax();
        var argument = syntax?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name);
        if (argument is not null) return argument.Expression.GetLocation();
        var parameter = Data.AttributeConstructor?.Parameters.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
        return parameter is not null ? Location(parameter.Ordinal) : syntax?.GetLocation();
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

    /// <summary>The location of the whole attribute.</summary>
    public Location? Location() => Syntax()?.GetLocation();

    private AttributeSyntax? Syntax() => Data.ApplicationSyntaxReference?.GetSyntax() as AttributeSyntax;

    // A bound argument as the property or parameter type takes it: enums from their underlying value, symbols as null.
    private static object? Value(TypedConstant constant, Type type)
    {
        if (constant.Kind == TypedConstantKind.Type || constant.Value is null) return null;
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (target.IsEnum) return Enum.ToObject(target, constant.Value);
        return target.IsInstanceOfType(constant.Value) ? constant.Value : System.Convert.ChangeType(constant.Value, target, System.Globalization.CultureInfo.InvariantCulture);
    }
}
