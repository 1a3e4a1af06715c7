using Declarative.Generators.Callbacks;
using Declarative.Generators.Emitting;
using Declarative.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Declarative.Generators;

/// <summary>
/// Generates, for each TorchSharp model annotated with Declarative's callback or metric attributes, its logs type,
/// its callbacks, a Fit method and a dispatcher that calls exactly the configured callbacks: no reflection, no
/// callback list, no dictionary of metric names. Invalid models are skipped silently; the analyzer reports why.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class CallbacksGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        foreach (var attribute in CallbackKinds.ClassTriggers) Register(context, attribute, onMethods: false);
        foreach (var attribute in CallbackKinds.MethodTriggers) Register(context, attribute, onMethods: true);
    }

    private static void Register(IncrementalGeneratorInitializationContext context, string attribute, bool onMethods)
    {
        var models = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                attribute,
                predicate: onMethods ? static (node, _) => node is MethodDeclarationSyntax : static (node, _) => node is ClassDeclarationSyntax,
                transform: static (syntax, cancellationToken) =>
                {
                    var type = syntax.TargetSymbol as INamedTypeSymbol ?? syntax.TargetSymbol.ContainingType;
                    if (type is null || !PrimaryTrigger.Is(syntax, type)) return null;
                    return ModelParser.Parse(type, new ParseContext(diagnostics: null, cancellationToken));
                })
            .WithTrackingName(TrackingNames.Model)
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .WithTrackingName(TrackingNames.ValidModel);

        context.RegisterSourceOutput(models, static (output, model) =>
        {
            foreach (var (hintName, source) in ModelEmitter.Emit(model, output.CancellationToken)) output.AddSource(hintName, source);
        });
    }
}
