using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Declarative;

/// <summary>
/// What a model is made of (Keras's <c>model.summary()</c>, Lightning's <c>ModelSummary</c>): its layers in module
/// order with their dotted names, types and parameter counts, and the totals, trainable and not, with the memory they
/// take. A parameter registered under two names (tied weights) is counted once in the totals, and listed in
/// <see cref="Shared"/>. Made from the module alone: no forward pass, so no output shapes.
/// </summary>
/// <example><code>Console.WriteLine(ModelSummary.Of(model, maxDepth: 2));</code></example>
public sealed class ModelSummary
{
    private ModelSummary(string model, int maxDepth, IReadOnlyList<LayerSummary> layers, IReadOnlyList<SharedParameter> shared, IReadOnlyCollection<Parameter> parameters)
    {
        Model = model;
        MaxDepth = maxDepth;
        Layers = layers;
        Shared = shared;
        foreach (var parameter in parameters)
        {
            var elements = parameter.numel();
            var bytes = elements * parameter.element_size();
            TotalParameters += elements;
            TotalBytes += bytes;
            if (!parameter.requires_grad) continue;
            TrainableParameters += elements;
            TrainableBytes += bytes;
        }
    }

    /// <summary>
    /// Summarizes <paramref name="module"/>: reads its submodules and parameters (metadata only: no device work).
    /// </summary>
    /// <param name="module">Any TorchSharp module (register its layers with <c>RegisterComponents()</c>, or they are not seen).</param>
    /// <param name="maxDepth">The deepest layers listed: 1 for the model's children (the default, as Lightning), 2 for
    /// theirs too, -1 for every layer, 0 for the totals alone. The totals always count every parameter.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDepth"/> is below -1.</exception>
    public static ModelSummary Of(nn.Module module, int maxDepth = 1)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDepth, -1);
        var layers = new List<LayerSummary>();
        var shared = new List<SharedParameter>();
        var names = new Dictionary<Parameter, string>(ReferenceEqualityComparer.Instance);

        // Depth first, in module order, each module's own parameters before its children's (named_parameters' order).
        void Walk(nn.Module current, string prefix, int depth)
        {
            foreach (var (name, parameter) in current.named_parameters(recurse: false))
            {
                if (names.TryGetValue(parameter, out var first)) shared.Add(new SharedParameter(prefix + name, first));
                else names.Add(parameter, prefix + name);
            }

            foreach (var (name, child) in current.named_children())
            {
                if (maxDepth < 0 || depth < maxDepth) layers.Add(Layer(child, prefix + name, depth + 1));
                Walk(child, prefix + name + ".", depth + 1);
            }
        }

        Walk(module, string.Empty, 0);
        return new ModelSummary(TypeName(module.GetType()), maxDepth, layers, shared, names.Keys);
    }

    /// <summary>The model's type name (<c>Net</c>).</summary>
    public string Model { get; }

    /// <summary>The deepest layers listed (-1: all of them; 0: none).</summary>
    public int MaxDepth { get; }

    /// <summary>The layers down to <see cref="MaxDepth"/>, in module order (each before its own layers).</summary>
    public IReadOnlyList<LayerSummary> Layers { get; }

    /// <summary>The parameters registered under a second name, each counted once in the totals.</summary>
    public IReadOnlyList<SharedParameter> Shared { get; }

    /// <summary>The elements of every parameter of the model, each counted once.</summary>
    public long TotalParameters { get; }

    /// <summary>Those of parameters that require gradients.</summary>
    public long TrainableParameters { get; }

    /// <summary>Those of frozen parameters (that do not require gradients).</summary>
    public long NonTrainableParameters => TotalParameters - TrainableParameters;

    /// <summary>The memory every parameter takes: elements × the size of their element type.</summary>
    public long TotalBytes { get; }

    /// <summary>The memory trainable parameters take.</summary>
    public long TrainableBytes { get; }

    /// <summary>The memory frozen parameters take.</summary>
    public long NonTrainableBytes => TotalBytes - TrainableBytes;

    /// <summary>Writes the summary as a plain-text table (no control characters), at most <paramref name="width"/> columns wide: long names and types are cut with <c>...</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="width"/> is below 40.</exception>
    public void Write(TextWriter writer, int width = 80)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, SummaryText.MinimumWidth);
        SummaryText.Write(this, writer, width);
    }

    /// <summary>The table <see cref="Write"/> writes, 80 columns wide.</summary>
    public override string ToString()
    {
        using var text = new StringWriter();
        Write(text);
        return text.ToString();
    }

    private static LayerSummary Layer(nn.Module layer, string name, int depth)
    {
        long elements = 0, trainable = 0, bytes = 0;
        foreach (var parameter in layer.parameters().Distinct<Parameter>(ReferenceEqualityComparer.Instance))
        {
            var count = parameter.numel();
            elements += count;
            bytes += count * parameter.element_size();
            if (parameter.requires_grad) trainable += count;
        }

        return new LayerSummary(name, TypeName(layer.GetType()), depth, elements, trainable, bytes);
    }

    // Linear, Sequential, ModuleList<Linear>: the C# name, with type arguments written as C# writes them.
    private static string TypeName(Type type)
    {
        if (!type.IsGenericType) return type.Name;
        var name = type.Name;
        var tick = name.IndexOf('`');
        return (tick < 0 ? name : name[..tick]) + "<" + string.Join(", ", type.GetGenericArguments().Select(TypeName)) + ">";
    }
}
