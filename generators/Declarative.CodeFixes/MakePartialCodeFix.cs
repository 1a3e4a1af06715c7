using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Declarative.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Declarative.CodeFixes;

/// <summary>DCB0001: adds <c>partial</c> to every declaration of the model and of the types it is nested in that lacks it.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakePartialCodeFix)), Shared]
public sealed class MakePartialCodeFix : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.ModelMustBePartialId);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(context.Span).FirstAncestorOrSelf<TypeDeclarationSyntax>() is not { } declaration) return;
        context.RegisterCodeFix(
            CodeAction.Create("Make the model class partial", cancellation => MakePartialAsync(context.Document, declaration, cancellation), nameof(MakePartialCodeFix)),
            context.Diagnostics);
    }

    private static async Task<Solution> MakePartialAsync(Document document, TypeDeclarationSyntax declaration, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var solution = document.Project.Solution;
        if (model?.GetDeclaredSymbol(declaration, cancellationToken) is not INamedTypeSymbol type) return solution;

        var types = Enumerable.Repeat(type, 1).Concat(ContainingTypes(type));
        foreach (var group in types.SelectMany(t => t.DeclaringSyntaxReferences).GroupBy(r => r.SyntaxTree))
        {
            var target = solution.GetDocument(group.Key);
            if (target is null) continue;
            var root = await group.Key.GetRootAsync(cancellationToken).ConfigureAwait(false);
            var declarations = group.Select(r => r.GetSyntax(cancellationToken)).OfType<TypeDeclarationSyntax>().Where(d => !d.Modifiers.Any(SyntaxKind.PartialKeyword));
            root = root.ReplaceNodes(declarations, (_, node) => AddPartial(node));
            solution = solution.WithDocumentSyntaxRoot(target.Id, root);
        }

        return solution;
    }

    // 'partial' goes last among the modifiers, right before the keyword (public sealed partial class).
    private static TypeDeclarationSyntax AddPartial(TypeDeclarationSyntax declaration)
    {
        var partial = SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space);
        if (declaration.Modifiers.Count > 0) return declaration.AddModifiers(partial);
        var keyword = declaration.Keyword;
        return declaration
            .WithKeyword(keyword.WithLeadingTrivia())
            .WithModifiers(SyntaxFactory.TokenList(partial.WithLeadingTrivia(keyword.LeadingTrivia)));
    }

    private static System.Collections.Generic.IEnumerable<INamedTypeSymbol> ContainingTypes(INamedTypeSymbol type)
    {
        for (var current = type.ContainingType; current is not null; current = current.ContainingType) yield return current;
    }
}
