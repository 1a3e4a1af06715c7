using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Declarative.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Declarative.CodeFixes;

/// <summary>DCB0027: removes <c>[ClipGradients]</c> or <c>[AccumulateGradients]</c> from a model whose step optimizes by hand.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RemoveGradientAttributeCodeFix)), Shared]
public sealed class RemoveGradientAttributeCodeFix : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.KnobWithManualOptimizationId);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(context.Span)?.FirstAncestorOrSelf<AttributeSyntax>() is not { Parent: AttributeListSyntax list } attribute) return;

        // A list goes with its last attribute; what preceded it (the class's doc comment, say) moves to the next token.
        SyntaxNode? Fixed()
        {
            if (list.Attributes.Count > 1) return root.RemoveNode(attribute, SyntaxRemoveOptions.KeepNoTrivia);
            var next = list.GetLastToken().GetNextToken();
            var moved = root.ReplaceToken(next, next.WithLeadingTrivia(list.GetLeadingTrivia()));
            return moved.FindNode(list.Span) is AttributeListSyntax same ? moved.RemoveNode(same, SyntaxRemoveOptions.KeepNoTrivia) : null;
        }

        context.RegisterCodeFix(
            CodeAction.Create(
                $"Remove [{attribute.Name}]",
                _ => Task.FromResult(Fixed() is { } fixedRoot ? context.Document.WithSyntaxRoot(fixedRoot) : context.Document),
                nameof(RemoveGradientAttributeCodeFix)),
            context.Diagnostics);
    }
}
