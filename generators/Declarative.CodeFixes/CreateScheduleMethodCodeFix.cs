using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Declarative.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace Declarative.CodeFixes;

/// <summary>DCB0011: creates the missing schedule method with the right signature, keeping the rate unchanged.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CreateScheduleMethodCodeFix)), Shared]
public sealed class CreateScheduleMethodCodeFix : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.ScheduleMethodNotFoundId);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(context.Span).FirstAncestorOrSelf<TypeDeclarationSyntax>() is not { } model) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(FixProperties.MethodName, out var name) || !SyntaxFacts.IsValidIdentifier(name)) continue;
            var method = (MethodDeclarationSyntax)SyntaxFactory.ParseMemberDeclaration(
                $"private static double {name}(int epoch, double learningRate) => learningRate;")!
                .WithAdditionalAnnotations(Formatter.Annotation);
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Create 'static double {name}(int epoch, double learningRate)'",
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(model, model.AddMembers(method)))),
                    nameof(CreateScheduleMethodCodeFix)),
                diagnostic);
        }
    }
}
