extern alias generators;

using generators::Declarative.Generators.Callbacks;
using Microsoft.CodeAnalysis;

namespace Declarative.Benchmarks.SourceGenerator;

/// <summary>
/// The floor for any generator driven by Declarative's attributes: the same ForAttributeWithMetadataName pipelines as
/// ours, with a transform that only returns the symbol's name. What it costs on a re-run is Roslyn's own work, done
/// for every such generator on every new compilation: finding the annotated declarations and binding their attributes.
/// </summary>
public sealed class AttributeLookupOnlyGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        foreach (var attribute in CallbackKinds.ClassTriggers.Concat(CallbackKinds.MethodTriggers))
        {
            var names = context.SyntaxProvider.ForAttributeWithMetadataName(attribute, static (_, _) => true, static (syntax, _) => syntax.TargetSymbol.Name);
            context.RegisterSourceOutput(names, static (_, _) => { });
        }
    }
}
