using System.Linq;
using Microsoft.CodeAnalysis;

namespace Declarative.Generators.Parsing;

/// <summary>What every attribute reader needs: the model, its metrics, and where problems go.</summary>
internal sealed class ReadContext
{
    public ReadContext(INamedTypeSymbol model, ParseContext problems, MetricCatalog metrics)
    {
        Model = model;
        Problems = problems;
        Metrics = metrics;
        var scope = model.ContainingType is null
            ? (model.ContainingNamespace.IsGlobalNamespace ? string.Empty : model.ContainingNamespace.ToDisplayString() + ".")
            : model.ContainingType.ToDisplayString() + ".";
        LogsFullName = scope + LogsName;
    }

    public INamedTypeSymbol Model { get; }

    public ParseContext Problems { get; }

    public MetricCatalog Metrics { get; }

    public string LogsName => Model.Name + "Logs";

    public string LogsFullName { get; }

    public System.Threading.CancellationToken CancellationToken => Problems.CancellationToken;

    /// <summary>
    /// Whether a type is the model's generated logs type. The generator does not see its own output, so there the
    /// type is an error type with the right name; the analyzer sees the generated type.
    /// </summary>
    public bool IsLogsType(ITypeSymbol type) =>
        type.ToDisplayString() == LogsFullName || (type.TypeKind == TypeKind.Error && type.Name == LogsName);

    /// <summary>The model's own methods carrying an attribute, in declaration order.</summary>
    public System.Collections.Generic.IEnumerable<(IMethodSymbol Method, AttributeData Attribute)> MethodsWith(params string[] attributes) =>
        Model.GetMembers().OfType<IMethodSymbol>()
            .SelectMany(m => m.GetAttributes().Where(a => attributes.Contains(a.AttributeClass?.ToDisplayString())).Select(a => (m, a)));
}
