using System.Collections.Generic;
using System.Linq;
using Declarative.Generators.Models;
using Microsoft.CodeAnalysis;

namespace Declarative.Generators.Parsing;

/// <summary>What every callback's reader needs: the model, its metrics, where problems go, and the callbacks read so far.</summary>
internal sealed class ReadContext
{
    private readonly List<CallbackSpec> _callbacks = [];

    /// <param name="model">The model.</param>
    /// <param name="root">The model whose logs type and steps it has: itself, or the topmost model it derives from.</param>
    public ReadContext(INamedTypeSymbol model, INamedTypeSymbol root, ParseContext problems, MetricCatalog metrics, StepSpec? step)
    {
        Model = model;
        Root = root;
        Step = step;
        Problems = problems;
        Metrics = metrics;
        var scope = root.ContainingType is null
            ? (root.ContainingNamespace.IsGlobalNamespace ? string.Empty : root.ContainingNamespace.ToDisplayString() + ".")
            : root.ContainingType.ToDisplayString() + ".";
        LogsFullName = scope + LogsName;
    }

    public INamedTypeSymbol Model { get; }

    /// <summary>The model whose logs type and steps the model has: itself, or the topmost model it derives from.</summary>
    public INamedTypeSymbol Root { get; }

    public ParseContext Problems { get; }

    public MetricCatalog Metrics { get; }

    /// <summary>How the model trains, or null when its steps are invalid (reported already).</summary>
    public StepSpec? Step { get; }

    /// <summary>The names of the optimizers Fit gets: the training step's, or Fit's one <c>optimizer</c>.</summary>
    public System.Collections.Generic.IEnumerable<string> OptimizerNames =>
        Step is { OptimizesItself: true } step ? step.Optimizers.Select(o => o.Name) : new[] { "optimizer" };

    public string LogsName => Root.Name + "Logs";

    public string LogsFullName { get; }

    public System.Threading.CancellationToken CancellationToken => Problems.CancellationToken;

    /// <summary>The callbacks read so far, in the order they run.</summary>
    public IReadOnlyList<CallbackSpec> Callbacks => _callbacks;

    /// <summary>The callbacks of one kind read so far (to reject duplicates).</summary>
    public IEnumerable<T> Previous<T>() where T : CallbackSpec => _callbacks.OfType<T>();

    public void Add(CallbackSpec callback) => _callbacks.Add(callback);

    /// <summary>The property of the next callback named <paramref name="name"/> on the model's callbacks: <c>EarlyStopping</c>, <c>EarlyStopping2</c>, ...</summary>
    public string PropertyName(string name)
    {
        var taken = new HashSet<string>(_callbacks.Select(c => c.Property));
        if (!taken.Contains(name)) return name;
        for (var n = 2; ; n++)
        {
            if (!taken.Contains(name + n)) return name + n;
        }
    }

    /// <summary>
    /// Whether a type is the model's generated logs type. The generator does not see its own output, so there the
    /// type is an error type with the right name; the analyzer sees the generated type.
    /// </summary>
    public bool IsLogsType(ITypeSymbol type) =>
        type.ToDisplayString() == LogsFullName || (type.TypeKind == TypeKind.Error && type.Name == LogsName);
}
